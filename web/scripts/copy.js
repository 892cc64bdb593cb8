// "Copy link": puts the value of the input named by the button's data-copy on the
// clipboard, and says so to screen readers through the page's status line. Without
// this script the button stays hidden and the link can still be selected and copied.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const input = document.getElementById(button.dataset.copy);
  const status = document.getElementById(`${button.dataset.copy}-copied`);
  button.hidden = false;
  button.addEventListener("click", async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = "Link copied. Paste it into your calendar.";
    } catch {
      // No clipboard access (an older browser or a locked-down PC): the link is selected.
      status.textContent = "Press Ctrl and C to copy the selected link.";
    }
  });
}
