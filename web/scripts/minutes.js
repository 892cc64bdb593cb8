// The chair's minutes: keep a draft as they type, so a dropped connection or a
// closed tab during the meeting loses at most a second of notes. Without this
// script the "Save draft" button does the same, one click at a time.

const form = document.getElementById("minutes-form");
const status = document.getElementById("draft-status");
const QUIET_FOR = 1000; // milliseconds after the last key press before saving

let timer = null;
let saving = false;
let again = false;

function say(message) {
  status.textContent = message;
}

function whyNot(response) {
  if (response.status === 403) {
    return "Draft not saved: this page has expired or you cannot write these minutes. Copy what you typed and reload the page.";
  }
  if (response.status === 409) {
    return "Draft not saved: these minutes are already published. Reload the page.";
  }
  return "Draft not saved: the service is not answering. It will try again as you type, or use Save draft.";
}

async function saveDraft() {
  if (saving) {
    again = true; // one more save once this one is back, with what was typed since
    return;
  }
  saving = true;
  try {
    const response = await fetch(form.dataset.draftAction, {
      method: "POST",
      body: new FormData(form), // includes the form's CSRF token
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.ok) {
      const answer = await response.json();
      say(
        answer.saved
          ? `Draft saved at ${answer.time}`
          : `Draft not saved: ${answer.problems.map((p) => p.message).join(". ")}.`,
      );
    } else {
      say(whyNot(response));
    }
  } catch {
    say(whyNot({ status: 0 }));
  } finally {
    saving = false;
    if (again) {
      again = false;
      saveDraft();
    }
  }
}

function soon() {
  clearTimeout(timer);
  timer = setTimeout(saveDraft, QUIET_FOR);
}

// A new, empty action row under the last one, numbered on, its first field focused.
function addAction(button) {
  const rows = document.getElementById(button.dataset.addAction);
  const existing = rows.querySelectorAll("[data-action-row]");
  const last = existing[existing.length - 1];
  const next = existing.length;
  const row = last.cloneNode(true);
  const renumber = (text) => text.replace(/-actions-\d+-/g, `-actions-${next}-`);
  for (const element of row.querySelectorAll("[id], [name], [for], [aria-describedby]")) {
    for (const attribute of ["id", "name", "for", "aria-describedby"]) {
      if (element.hasAttribute(attribute)) {
        element.setAttribute(attribute, renumber(element.getAttribute(attribute)));
      }
    }
  }
  for (const field of row.querySelectorAll("input, select")) {
    field.value = "";
    field.classList.remove("nhsuk-input--error", "nhsuk-select--error");
    field.removeAttribute("aria-describedby");
  }
  for (const stale of row.querySelectorAll(".nhsuk-error-message, .nhsuk-inset-text")) {
    stale.remove();
  }
  for (const group of row.querySelectorAll(".nhsuk-form-group--error")) {
    group.classList.remove("nhsuk-form-group--error");
  }
  const legend = row.querySelector("legend");
  legend.firstChild.textContent = `Action ${next + 1}`;
  rows.append(row);
  row.querySelector("select").focus();
}

if (form && status) {
  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  form.addEventListener("submit", () => clearTimeout(timer)); // publishing sends it all anyway
  for (const button of form.querySelectorAll("[data-add-action]")) {
    button.addEventListener("click", (event) => {
      event.preventDefault();
      addAction(button);
    });
  }
}
