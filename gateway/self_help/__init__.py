"""The public self-help site under /self-help/: advice on common MSK problems, our sites and
services, search and feedback. Built from the repo's content/ folder; it owns no data."""
