// The design system's behaviour (skip link focus, error summary focus, header menu).
import { initAll } from "/static/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
