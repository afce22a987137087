"""Reading a run of bytes of a file in private storage, without reading the rest.

On disk: open, seek, read. On an S3-compatible store: one GetObject with a Range header, so only
the bytes asked for cross the network and nothing is spooled to memory or a temporary file
(django-storages' own S3File would download the whole object first).
"""

from collections.abc import Iterator

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import FileSystemStorage, Storage
from storages.utils import clean_name

CHUNK = 64 * 1024


class StorageUnavailable(Exception):
    """The object store did not answer, or refused (not a missing file)."""


class ByteRun:
    """An open file (or S3 answer body) read `length` bytes at a time, closed by `close()`:
    Django closes a streaming response's content when the response is done, sent or not."""

    def __init__(self, handle, length: int):
        self.handle = handle
        self.left = length

    def __iter__(self) -> Iterator[bytes]:
        while self.left > 0:
            chunk = self.handle.read(min(CHUNK, self.left))
            if not chunk:
                break
            self.left -= len(chunk)
            yield chunk

    def close(self) -> None:
        self.handle.close()


def byte_run(storage: Storage, name: str, start: int, stop: int) -> ByteRun:
    """The bytes [start, stop) of the file `name`, to iterate in chunks.

    The file is opened here, before the first chunk is asked for, so a missing file raises
    FileNotFoundError at once rather than half way through a response.
    """
    if isinstance(storage, FileSystemStorage):
        handle = storage.open(name, "rb")
        handle.seek(start)
        return ByteRun(handle, stop - start)
    if getattr(storage, "bucket", None) is None:
        raise TypeError(f"Private storage {type(storage).__name__} cannot read byte ranges")
    return ByteRun(_s3_body(storage, name, start, stop), stop - start)


def _s3_body(storage, name: str, start: int, stop: int):
    # The key as django-storages itself builds it (its `location` prefix, the name cleaned).
    key = storage._normalize_name(clean_name(name))
    try:
        answer = storage.bucket.Object(key).get(Range=f"bytes={start}-{stop - 1}")
    except ClientError as error:
        if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
            raise FileNotFoundError(name) from None
        raise StorageUnavailable(str(error)) from error
    except BotoCoreError as error:
        raise StorageUnavailable(str(error)) from error
    return answer["Body"]
