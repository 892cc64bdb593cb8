// As the clinician types, show what the patient-data and red-flag guards would
// refuse, on the exact words, under each field: they can reword before pressing
// Submit. The server runs the same checks again on submit; without this script
// the form still works and the refusal shows the words then.

const form = document.getElementById("case-form");
const QUIET_FOR = 600; // milliseconds after the last key press before checking

let timer = null;
let latest = 0;

async function check() {
  const asked = ++latest;
  try {
    const response = await fetch(form.dataset.checkAction, {
      method: "POST",
      body: new FormData(form), // includes the form's CSRF token
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok || asked !== latest) {
      return; // an older answer, or no answer: the submit check still stands
    }
    const found = (await response.json()).fields;
    for (const box of form.querySelectorAll(".app-live-check")) {
      const name = box.id.replace(/-live$/, "");
      const html = found[name] || "";
      if (box.innerHTML !== html) {
        box.innerHTML = html; // escaped by the server
      }
    }
  } catch {
    // Offline for a moment: nothing to show; the submit check still stands.
  }
}

form.addEventListener("input", (event) => {
  if (!event.target.matches("input[type=text], textarea")) {
    return;
  }
  clearTimeout(timer);
  timer = setTimeout(check, QUIET_FOR);
});
