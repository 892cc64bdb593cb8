"""Let nameko rebuild our user errors on the calling side instead of a RemoteError."""

from nameko.exceptions import deserialize_to_instance

from contracts import errors

for _error in (*errors.ALL, errors.DatabaseUnavailable):
    deserialize_to_instance(_error)
