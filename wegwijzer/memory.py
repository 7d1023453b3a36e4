"""Keeping the garbage collector off the long-lived caches.

At 10,000 services the caches of a worker (the loaded directory, the HSDS catalog, the search index,
the matcher) are about two million Python objects that live until the data changes. CPython's
collector walks every tracked object in its oldest generation now and then, which took close to a
second per pass at that size: a pause for every request in flight, the worst latencies under load.

:func:`settle` runs after such a cache was built: one full collection, then ``gc.freeze()`` moves every
object that exists to a permanent generation the collector no longer walks. Frozen objects are still
freed by reference counting when a cache is replaced; only reference cycles among them would stay
(the caches hold none that matter), and :func:`settle` first unfreezes, so each rebuild starts clean.
"""

from __future__ import annotations

import gc
import threading

_LOCK = threading.Lock()
#: below this many records a cache is small enough for the collector (and a full collection after every
#: build, as in the tests' many small databases, would cost more than it saves)
LARGE = 2000


def settle(records: int) -> bool:
    """After building a cache of ``records`` records: when it is large, collect once, then exempt
    everything alive now from later collections. True when it did."""
    if records < LARGE:
        return False
    with _LOCK:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
    return True
