// The case form asks each kind of case only what fits it: a patient group or a
// professional topic has no one patient's age band, sex, scores or plan. As the
// clinician chooses the kind, the fields it does not ask are hidden. Without this
// script every field shows, and the server sends only what the chosen kind asks.

const kind = document.getElementById("kind");

function showWhatTheKindAsks() {
  for (const field of document.querySelectorAll(".app-kind-field")) {
    const asks = !kind.value || field.dataset.kinds.split(" ").includes(kind.value);
    field.hidden = !asks;
  }
}

if (kind) {
  kind.addEventListener("change", showWhatTheKindAsks);
  showWhatTheKindAsks();
}
