"""Dutch text analysis: folding, tokens, Snowball stems, stop words and compound parts.

Everything here is pure and deterministic. The same :class:`Analyzer` produces the terms
stored in the search index and the terms of a query, so analysis is identical on every
database backend (the database only splits the stored terms on spaces).

Compound words (``spijbelcoaching``, ``schoolverzuim``, ``tuchtuitsluiting``) are split
against a *lexicon* of known words: the words of the corpus plus the concept file. A part is
emitted as an extra term next to the stem of the whole word, so ``spijbelen`` finds
``spijbelcoaching`` and ``school`` finds ``schoolverzuim``.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Container, Iterable
from functools import lru_cache
from itertools import islice

from wegwijzer.text import fold  # noqa: F401  (re-exported: search's folding is the project's)


def _make_stemmer():  # type: ignore[no-untyped-def]
    """The classic Snowball Dutch stemmer (Porter-style).

    Snowball 3 renamed it ``dutch_porter`` and made ``dutch`` a new algorithm that strips
    ``ge-``/``be-`` prefixes and conflates e.g. ``begeleiding`` with ``beleid`` - wrong for this
    directory. We ask for the classic one by whichever name the installed version uses.
    """
    try:
        import Stemmer  # PyStemmer (C), the declared dependency

        try:
            return Stemmer.Stemmer("dutch_porter")
        except KeyError:
            return Stemmer.Stemmer("dutch")
    except ImportError:  # pragma: no cover - snowballstemmer is the same algorithms in pure Python
        import snowballstemmer

        try:
            return snowballstemmer.stemmer("dutch_porter")
        except KeyError:
            return snowballstemmer.stemmer("dutch")


_STEMMER = _make_stemmer()

_TOKEN = re.compile(r"[a-z0-9]+")

# A small Dutch stop list: function words only. Negations are stop words for ranking too; the
# concept file still reads phrases such as "geen school" (it matches on all words).
STOPWORDS: frozenset[str] = frozenset(
    """
    de het een en of van in op aan te voor met door bij uit om tot als dat die dit deze
    er is zijn was waren wordt worden werd kan kunnen zal zullen moet moeten heeft hebben
    had ook maar dan nog wel al zo zich hun hen hij zij ze wij we jij je u ik mij me ons
    onze uw haar zijn hem wat wie waar welke wanneer hoe over naar na tegen tussen onder
    zonder binnen via per zoals alle elke ieder iets veel meer andere ander eens reeds
    geen niet nooit hier daar heel zeer dus omdat want maar toch
    """.split()
)

_LINKERS = ("en", "s", "e")  # Dutch linking elements between compound parts
MIN_COMPOUND = 7  # shortest word we try to split
MIN_HEAD = 3
MIN_TAIL = 4




def tokens(text: str) -> list[str]:
    """Folded alphanumeric tokens, in order (``B-codes`` -> ``b``, ``codes``)."""
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Dutch Snowball stem of a folded word."""
    if word.isdigit():
        return word
    return str(_STEMMER.stemWord(word))


def stems(words: Iterable[str]) -> list[str]:
    return [stem(w) for w in words]


class Analyzer:
    """Folded, stemmed, stop-word-free terms plus compound parts known to the lexicon.

    ``lexicon``: folded words known to exist (typically every word of the corpus and of the
    concept file). Without a lexicon no compounds are split.
    """

    def __init__(self, lexicon: Iterable[str] = (), stopwords: Container[str] = STOPWORDS) -> None:
        self.stopwords = stopwords
        words = {w for w in lexicon if len(w) >= MIN_HEAD and w not in stopwords and not w.isdigit()}
        # A part is known if it is a word of the lexicon or the stem of one ("spijbel").
        self._known: frozenset[str] = frozenset(words | {stem(w) for w in words})
        self._parts: dict[str, tuple[str, ...]] = {}
        self._terms: dict[str, tuple[str, ...]] = {}

    @classmethod
    def from_texts(cls, texts: Iterable[str], extra: Iterable[str] = ()) -> Analyzer:
        words: set[str] = set(extra)
        for text in texts:
            words.update(tokens(text))
        return cls(words)

    def words(self, text: str) -> list[str]:
        """Folded tokens without stop words and single letters (digits stay)."""
        return [w for w in tokens(text) if (len(w) > 1 or w.isdigit()) and w not in self.stopwords]

    def is_known(self, part: str) -> bool:
        return part in self._known

    def parts(self, word: str) -> tuple[str, ...]:
        """Stems of the known parts of a compound word (empty if it is not one)."""
        if len(word) < MIN_COMPOUND or not self._known:
            return ()
        cached = self._parts.get(word)
        if cached is None:
            found = self._split(word, depth=3)
            cached = tuple(dict.fromkeys(stem(p) for p in found)) if found and len(found) > 1 else ()
            self._parts[word] = cached
        return cached

    def _split(self, word: str, depth: int) -> list[str] | None:
        """Known head + (known or splittable) tail, longest head first."""
        if depth == 0:
            return None
        for cut in range(len(word) - MIN_TAIL, MIN_HEAD - 1, -1):
            head = self._head(word[:cut])
            if head is None:
                continue
            tail = word[cut:]
            if self._tail_known(tail):
                return [head, tail]
            rest = self._split(tail, depth - 1) if len(tail) >= MIN_COMPOUND else None
            if rest:
                return [head, *rest]
        return None

    def _head(self, head: str) -> str | None:
        if head in self._known:
            return head
        for linker in _LINKERS:
            bare = head[: -len(linker)]
            if head.endswith(linker) and len(bare) >= MIN_HEAD and bare in self._known:
                return bare
        return None

    def _tail_known(self, tail: str) -> bool:
        return tail in self._known or stem(tail) in self._known

    def terms(self, text: str) -> list[str]:
        """Index terms: the stem of every word, followed by the stems of its compound parts."""
        cache = self._terms
        out: list[str] = []
        for word in _TOKEN.findall(fold(text)):
            found = cache.get(word)
            if found is None:
                found = cache[word] = self._word_terms(word)
            out.extend(found)
        return out

    def _word_terms(self, word: str) -> tuple[str, ...]:
        if (len(word) < 2 and not word.isdigit()) or word in self.stopwords:
            return ()
        return (stem(word), *(p for p in self.parts(word) if p not in self.stopwords))

    def query_terms(self, text: str, known: Container[str] | None = None) -> list[str]:
        """Query terms: like :meth:`terms`, but a compound is split only when its stem is unknown
        to the index (``known``), so a query for a word the index holds stays precise."""
        out: list[str] = []
        for word in self.words(text):
            s = stem(word)
            out.append(s)
            if known is None or s not in known:
                out.extend(p for p in self.parts(word) if p not in self.stopwords)
        return list(dict.fromkeys(out))


class PlainAnalyzer(Analyzer):
    """The baseline: lower-case and split, nothing else (no stems, stop words or compounds)."""

    def __init__(self) -> None:
        super().__init__((), stopwords=frozenset())

    def words(self, text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    def terms(self, text: str) -> list[str]:
        return self.words(text)

    def query_terms(self, text: str, known: Container[str] | None = None) -> list[str]:
        return list(dict.fromkeys(self.words(text)))


# --- typo tolerance -------------------------------------------------------------------------


def max_edits(term: str) -> int:
    """Edits allowed for a term of this length: none below 4, one up to 7, two from 8."""
    n = len(term)
    return 0 if n < 4 else 1 if n < 8 else 2


def _deletes(term: str, depth: int) -> set[str]:
    out = {term}
    frontier = {term}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def damerau_levenshtein(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance (adjacent transpositions count one); > limit is cut short."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class Vocabulary:
    """The set of index words with SymSpell-style typo correction (a deletion-neighbourhood index).

    ``frequencies`` (word -> count) break ties between equally close candidates.
    """

    def __init__(self, words: Iterable[str], frequencies: dict[str, int] | None = None) -> None:
        self.words: frozenset[str] = frozenset(w for w in words if w)
        self.frequencies = frequencies or {}
        self._deletes: dict[str, list[str]] = {}
        for word in self.words:
            if len(word) < 3 or word.isdigit():
                continue
            for variant in _deletes(word, 2 if len(word) >= 6 else 1):
                self._deletes.setdefault(variant, []).append(word)

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def __len__(self) -> int:
        return len(self.words)

    def correct(self, term: str) -> str | None:
        """The closest known word for an unknown ``term``, or None (known, too short, or nothing close)."""
        if term in self.words:
            return None
        limit = max_edits(term)
        if limit == 0 or term.isdigit():
            return None
        candidates: set[str] = set()
        for variant in _deletes(term, limit):
            candidates.update(self._deletes.get(variant, ()))
        best: tuple[int, int, str] | None = None
        for cand in candidates:
            dist = damerau_levenshtein(term, cand, limit)
            if dist > limit or dist > max(1, max_edits(cand)):
                continue
            key = (dist, -self.frequencies.get(cand, 0), cand)
            if best is None or key < best:
                best = key
        return best[2] if best else None


# --- highlighting ---------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


def highlight(
    text: str, terms: Container[str], analyzer: Analyzer, width: int = 30, marks: tuple[str, str] = ("«", "»"),
    memo: dict[str, bool] | None = None,
) -> str | None:
    """A window of about ``width`` words of ``text`` around its first matching word, with every word
    whose stem or compound part is in ``terms`` between ``marks``. None if no word matches.

    ``memo`` (word -> matches) may be shared by the calls for one set of ``terms``."""
    memo = {} if memo is None else memo

    def matches(word: str) -> bool:
        found = memo.get(word)
        if found is None:
            folded = fold(word)
            found = memo[word] = stem(folded) in terms or any(p in terms for p in analyzer.parts(folded))
        return found

    words = _WORD.finditer(text)  # read only as far as the window needs
    before: deque[re.Match[str]] = deque(maxlen=width // 3 + 1)  # the first match and the words before it
    start = None
    for index, match in enumerate(words):
        before.append(match)
        if matches(match.group()):
            start = index
            break
    if start is None:
        return None
    first = start - (len(before) - 1)
    spans = [*before, *islice(words, max(0, width - len(before)))]
    more = next(words, None) is not None
    out: list[str] = []
    pos = spans[0].start()
    for index, m in enumerate(spans, start=first):  # no word before ``start`` matches
        out.append(text[pos:m.start()])
        out.append(f"{marks[0]}{m.group()}{marks[1]}" if index >= start and matches(m.group()) else m.group())
        pos = m.end()
    snippet = "".join(out).strip()
    return ("… " if first > 0 else "") + snippet + (" …" if more else "")
