// Warn before a self-referral page times out, and let the person stay.
//
// The server says how many seconds the page has left (the sooner of the visitor's
// session and the answers kept for them: gateway/pages/refer_timeout.py). Shortly
// before then the warning appears as an alert dialog and takes focus; "Stay on this
// page" asks the server to keep both for longer and the countdown starts again.
// Answers already sent with Continue are saved whatever happens here.

const dialog = document.getElementById("timeout-warning");

if (dialog) {
  const warnBefore = Number(dialog.dataset.warnBefore);
  const form = document.getElementById("timeout-keep");
  const heading = document.getElementById("timeout-heading");
  const text = document.getElementById("timeout-text");
  const countdown = document.getElementById("timeout-countdown");
  const button = form.querySelector("button");
  let endsAt = 0;
  let warnTimer = null;
  let tickTimer = null;
  let focusedBefore = null;
  let over = false;

  const inWords = (seconds) => {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    const parts = [];
    if (minutes) parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
    if (rest || !minutes) parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
    return parts.join(" ");
  };

  const timedOut = () => {
    clearInterval(tickTimer);
    over = true;
    heading.textContent = "This page has timed out";
    text.textContent =
      "Your answers up to the last time you chose Continue are saved. " +
      "Choose \"Carry on\" to open this page again.";
    button.textContent = "Carry on";
    dialog.focus();
  };

  const tick = () => {
    const left = Math.round((endsAt - Date.now()) / 1000);
    if (left <= 0) {
      timedOut();
    } else {
      countdown.textContent = inWords(left);
    }
  };

  const warn = () => {
    focusedBefore = document.activeElement;
    tick();
    dialog.hidden = false;
    dialog.focus();
    tickTimer = setInterval(tick, 1000);
  };

  const schedule = (secondsLeft) => {
    clearTimeout(warnTimer);
    clearInterval(tickTimer);
    endsAt = Date.now() + secondsLeft * 1000;
    warnTimer = setTimeout(warn, Math.max(0, secondsLeft - warnBefore) * 1000);
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (over) {
      window.location.assign(window.location.href);
      return;
    }
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form), // with the form's token
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) {
        throw new Error(`status ${response.status}`);
      }
      const kept = await response.json();
      dialog.hidden = true;
      if (kept.seconds_left !== null) {
        schedule(kept.seconds_left);
      }
      if (focusedBefore && focusedBefore !== document.body) {
        focusedBefore.focus();
      }
    } catch {
      form.submit(); // the plain form renews too, and comes back to this page
    }
  });

  schedule(Number(dialog.dataset.secondsLeft));
}
