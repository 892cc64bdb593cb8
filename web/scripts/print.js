// The "Print" button of the CPD record and of the self-help exercise sheet. It is hidden in the page and
// shown here, so nobody sees a button that does nothing when scripts are off; and
// it lives in a file because the Content-Security-Policy refuses inline script.
const button = document.getElementById("print-record");

if (button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
