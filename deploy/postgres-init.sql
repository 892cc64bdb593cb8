-- One database per service: no service can read another's tables.
CREATE DATABASE cases;
CREATE DATABASE scheduling;
CREATE DATABASE notifications;
CREATE DATABASE outcomes;
CREATE DATABASE staff;
CREATE DATABASE referrals;
