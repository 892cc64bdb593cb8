"""`@timer`, with every interval scaled by TIMER_SCALE (1 in production).

A test or a demo that compresses a day into a minute shortens the waits it
controls (AGENDA_PUBLISH_BEFORE, FOLLOW_UP_AFTER, ...) and must also shorten
how often the timers look: a minute between looks at the agendas would be the
whole test. The scale never takes a timer below one second (the outbox relay
and the senders already look every second), so a small scale does not turn
them into busy loops.
"""

from __future__ import annotations

from nameko.timer import Timer

SHORTEST = 1.0  # seconds: how far the scale may shorten an interval


def scaled(interval: float, scale: float) -> float:
    if scale <= 0:
        raise ValueError(f"TIMER_SCALE must be above 0, not {scale}")
    return max(interval * scale, min(interval, SHORTEST))


class ScaledTimer(Timer):
    def setup(self):
        self.interval = scaled(self.interval, float(self.container.config.get("TIMER_SCALE", 1)))
        super().setup()


timer = ScaledTimer.decorator
