"""Which messages of a batch the broker has confirmed (the publisher's bookkeeping alone)."""

from collections import defaultdict

import pytest

from mskpeer.platform.publisher import NotConfirmed, _Confirms


class Channel:
    """Just enough of a confirm-mode py-amqp channel: its callbacks, and frames to hand them."""

    def __init__(self, frames):
        self.events = defaultdict(set)
        self.frames = list(frames)  # ("ack" | "nack", delivery tag, multiple)
        self.connection = self

    def confirm_select(self):
        pass

    def drain_events(self, timeout):
        if not self.frames:
            raise TimeoutError("nothing more from the broker")
        kind, tag, multiple = self.frames.pop(0)
        for callback in self.events[f"basic_{kind}"]:
            callback(tag, multiple)


def test_a_batch_is_confirmed_by_one_ack_for_many_tags():
    confirms = _Confirms(Channel([("ack", 3, True)]))
    first = confirms.expect(3)
    confirms.wait_through(first + 2, timeout=1)


def test_single_acks_out_of_order_confirm_the_batch_only_once_all_have_come():
    channel = Channel([("ack", 2, False), ("ack", 3, False), ("ack", 1, False)])
    confirms = _Confirms(channel)
    confirms.wait_through(confirms.expect(3) + 2, timeout=1)
    assert channel.frames == []  # it waited for the last one, tag 1


def test_a_refused_message_fails_the_batch():
    confirms = _Confirms(Channel([("ack", 1, False), ("nack", 2, False), ("ack", 3, False)]))
    with pytest.raises(NotConfirmed):
        confirms.wait_through(confirms.expect(3) + 2, timeout=1)


def test_the_second_batch_on_a_channel_waits_for_its_own_tags():
    channel = Channel([("ack", 2, True), ("ack", 4, True)])
    confirms = _Confirms(channel)
    confirms.wait_through(confirms.expect(2) + 1, timeout=1)
    second = confirms.expect(2)
    assert second == 3
    confirms.wait_through(second + 1, timeout=1)
    assert channel.frames == []
