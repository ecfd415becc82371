"""The Chroma store: articles, chunks and sentence vectors, embedded or on a Chroma server.

Collections share a prefix:
- `<prefix>_articles`: one record per article (full text, title, path, committed content hash).
- `<prefix>_chunks`: chunk text and vector; metadata has the article, content hash, offsets, and
  the chunk's sentences with their vectors (used to pick evidence inside retrieved chunks).
- `<prefix>_state`: the store's revision and vector space.

Sentence vectors ride in their chunk's metadata rather than in a collection of their own: they
are never searched through an index (the corpus snapshot compares them exactly), and Chroma's
HNSW inserts for 140,000 sentence vectors took a tenth of a 10,000-article ingest (measured in
docs/BENCHMARKS.md). Stores written before that kept them in `<prefix>_sentences`; readers fall
back to it and the next ingest moves them (`migrate_legacy_sentences`).

An article's record is written last, so its `content_hash` is the commit point: readers only
trust chunks whose hash matches it, and a crash mid-way leaves nothing visible.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlparse

import numpy as np

from rag.articles import Article
from rag.chunking import Chunk
from rag.config import Settings
from rag.embeddings import DIMENSIONS, MODEL_NAME
from rag.sentences import Span

log = logging.getLogger(__name__)

# Chroma refuses records without a vector unless it may embed them itself (which would
# download a model); articles are looked up by id only, so they carry a constant stand-in.
_NO_VECTOR = [1.0]
_GET_PAGE = 5000
_WRITE_BATCH = 1000
LEGACY_VECTOR_SPACE = MODEL_NAME  # what every store held before the space was recorded


@dataclass(frozen=True)
class StoredArticle:
    id: str
    title: str
    path: str
    content_hash: str
    text: str


@dataclass(frozen=True)
class StoredChunk:
    id: str
    article_id: str
    start: int
    end: int
    text: str
    sentences: tuple[Span, ...]
    # One unit vector per sentence, in the order of `sentences` (None: not stored).
    sentence_vectors: np.ndarray | None = field(default=None, compare=False, repr=False)


class StoreError(RuntimeError):
    """The Chroma store cannot be reached or used."""


class VectorSpaceMismatch(StoreError):
    """The store's vectors come from another embedding backend than the one configured."""

    def __init__(self, stored: str, configured: str) -> None:
        self.stored, self.configured = stored, configured
        super().__init__(
            f"The store's vectors are in the {stored!r} space but RAGBOT_EMBEDDING_BACKEND gives "
            f"{configured!r} vectors. Set RAGBOT_EMBEDDING_BACKEND to the backend the store was "
            f"built with ({'onnx-int8' if stored.endswith('-int8') else 'torch or onnx'}), or "
            "ingest into a new RAGBOT_DATA_DIR."
        )


def make_client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        try:
            return chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:  # chromadb raises bare ValueError/ConnectError here
            raise StoreError(
                f"Cannot reach the Chroma server at {settings.chroma_url}: {exc}"
            ) from exc
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(
        path=str(settings.data_dir / "chroma"), settings=chroma_settings
    )


class ChunkStore:
    def __init__(self, settings: Settings, client=None) -> None:
        self.settings = settings
        self.client = client or make_client(settings)
        prefix = settings.collection_prefix
        cosine = {"hnsw:space": "cosine"}
        self.articles = self.client.get_or_create_collection(
            f"{prefix}_articles", embedding_function=None
        )
        self.chunks = self.client.get_or_create_collection(
            f"{prefix}_chunks", embedding_function=None, metadata=cosine
        )
        self.state = self.client.get_or_create_collection(
            f"{prefix}_state", embedding_function=None
        )

    # --- revision: bumped after every write so readers know to reload -------------------------
    def revision(self) -> str:
        got = self.state.get(ids=["revision"], include=["documents"])
        return got["documents"][0] if got["ids"] else ""

    def bump_revision(self) -> None:
        self.state.upsert(ids=["revision"], documents=[uuid.uuid4().hex], embeddings=[_NO_VECTOR])

    # --- vector space: which embedding backend made the stored vectors -------------------------
    def vector_space(self) -> str | None:
        """The recorded space; stores from before it was recorded were all built by torch."""
        got = self.state.get(ids=["vector_space"], include=["documents"])
        if got["ids"]:
            return got["documents"][0]
        return LEGACY_VECTOR_SPACE if self.chunks.count() else None

    def claim_vector_space(self, space: str) -> None:
        """Record `space` for an empty store; refuse to mix it into vectors of another space."""
        recorded = self.vector_space()
        if recorded is None:
            self.state.upsert(ids=["vector_space"], documents=[space], embeddings=[_NO_VECTOR])
        elif recorded != space:
            raise VectorSpaceMismatch(recorded, space)

    # --- reads ---------------------------------------------------------------------------------
    def article_hashes(self) -> dict[str, tuple[str, str]]:
        """article id -> (content hash, path), without fetching texts."""
        out = {}
        for ids, metas, _ in self._paged(self.articles, ["metadatas"]):
            for i, m in zip(ids, metas, strict=True):
                out[i] = (m["content_hash"], m.get("path", ""))
        return out

    def all_articles(self) -> list[StoredArticle]:
        out = []
        for ids, metas, docs in self._paged(self.articles, ["metadatas", "documents"]):
            for i, m, d in zip(ids, metas, docs, strict=True):
                out.append(StoredArticle(i, m["title"], m.get("path", ""), m["content_hash"], d))
        return out

    def get_article(self, article_id: str) -> StoredArticle | None:
        got = self.articles.get(ids=[article_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        m = got["metadatas"][0]
        return StoredArticle(
            article_id, m["title"], m.get("path", ""), m["content_hash"], got["documents"][0]
        )

    def committed_chunks(self, committed: dict[str, str]) -> list[StoredChunk]:
        """Chunks whose article is committed with the same content hash, with their sentence
        vectors."""
        rows = self._committed_chunks(committed, ["metadatas", "documents"])
        return self._with_legacy_sentence_vectors([c for c, _ in rows], committed)

    def committed_chunks_with_vectors(
        self, committed: dict[str, str]
    ) -> tuple[list[StoredChunk], np.ndarray]:
        """The committed chunks and their unit vectors, one row per chunk in the same order."""
        rows = list(self._committed_chunks(committed, ["metadatas", "documents", "embeddings"]))
        vectors = _unit_rows(np.asarray([v for _, v in rows], dtype=np.float32))
        chunks = self._with_legacy_sentence_vectors([c for c, _ in rows], committed)
        return chunks, vectors

    def _committed_chunks(self, committed: dict[str, str], include: list[str]):
        for got in self._pages(self.chunks, include):
            vectors = got["embeddings"] if "embeddings" in include else [None] * len(got["ids"])
            for i, m, d, v in zip(
                got["ids"], got["metadatas"], got["documents"], vectors, strict=True
            ):
                if committed.get(m["article_id"]) == m["content_hash"]:
                    yield _stored_chunk(i, m, d), v

    # --- sentence vectors of stores written before they moved into chunk metadata ----------
    def legacy_sentences(self):
        """The old `<prefix>_sentences` collection, or None (looked up afresh: an ingest in
        another process may have migrated and dropped it). Other errors (a Chroma server that
        cannot be reached) propagate: they must not pass for "no such collection"."""
        from chromadb.errors import NotFoundError

        try:
            return self.client.get_collection(self._legacy_name, embedding_function=None)
        except NotFoundError:
            return None

    @property
    def _legacy_name(self) -> str:
        return f"{self.settings.collection_prefix}_sentences"

    def _with_legacy_sentence_vectors(
        self, chunks: list[StoredChunk], committed: dict[str, str], legacy=None
    ) -> list[StoredChunk]:
        if all(c.sentence_vectors is not None for c in chunks):
            return chunks
        if legacy is None:
            legacy = self.legacy_sentences()
        if legacy is None:
            return chunks
        found: dict[tuple[str, int, int], list[float]] = {}
        for _ids, metas, embs in self._paged(legacy, ["metadatas", "embeddings"]):
            for m, e in zip(metas, embs, strict=True):
                if committed.get(m["article_id"]) == m["content_hash"]:
                    found[(m["article_id"], m["start"], m["end"])] = e
        out = []
        for c in chunks:
            keys = [(c.article_id, s.start, s.end) for s in c.sentences]
            if c.sentence_vectors is None and all(k in found for k in keys):
                vectors = _unit_rows(np.asarray([found[k] for k in keys], dtype=np.float32))
                c = StoredChunk(c.id, c.article_id, c.start, c.end, c.text, c.sentences, vectors)
            out.append(c)
        return out

    def migrate_legacy_sentences(self, committed: dict[str, str]) -> bool:
        """Move the committed articles' sentence vectors from the old collection into their
        chunks' metadata, then drop it; returns whether there was an old collection. It is
        dropped only after it was read whole, so an interrupted run resumes where it stopped.
        (Chunks of uncommitted articles are left alone: ingestion re-embeds any chunk stored
        without sentence vectors.)"""
        from chromadb.errors import NotFoundError

        legacy = self.legacy_sentences()
        if legacy is None:
            return False
        rows = self._committed_chunks(committed, ["metadatas", "documents"])
        missing = [c for c, _ in rows if c.sentence_vectors is None]
        moved = [
            c
            for c in self._with_legacy_sentence_vectors(missing, committed, legacy)
            if c.sentence_vectors is not None
        ]
        if len(moved) < len(missing):
            log.warning(
                "%d chunks had no sentence vectors in the old store; their sentences rank by "
                "words only (ingest into a new RAGBOT_DATA_DIR to embed them)",
                len(missing) - len(moved),
            )
        for lo in range(0, len(moved), _WRITE_BATCH):
            part = moved[lo : lo + _WRITE_BATCH]
            # Chroma merges metadata on update: only the vectors' key is added.
            self.chunks.update(
                ids=[c.id for c in part],
                metadatas=[{"sentence_vectors": _pack(c.sentence_vectors)} for c in part],
            )
        with contextlib.suppress(NotFoundError):  # another ingest migrated it at the same time
            self.client.delete_collection(self._legacy_name)
        return True

    def chunk_ids_with_sentence_vectors(self, ids: Sequence[str]) -> set[str]:
        """Those of these chunk ids that are stored with their sentence vectors."""
        found: set[str] = set()
        for lo in range(0, len(ids), _GET_PAGE):
            got = self.chunks.get(ids=list(ids[lo : lo + _GET_PAGE]), include=["metadatas"])
            found.update(
                i
                for i, m in zip(got["ids"], got["metadatas"], strict=True)
                if m and "sentence_vectors" in m
            )
        return found

    def query_chunks(
        self, vector: np.ndarray, n: int, within: Collection[str] | None = None
    ) -> list[tuple[str, float]]:
        """Nearest chunk ids with cosine similarity (n must not exceed the stored count), only
        of the `within` articles when given."""
        if n <= 0:
            return []
        where = {"article_id": {"$in": sorted(within)}} if within else None
        res = self.chunks.query(
            query_embeddings=[vector], n_results=n, where=where, include=["distances"]
        )
        return [(i, 1.0 - d) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)]

    # --- writes --------------------------------------------------------------------------------
    # Each upsert is a transaction (~40 ms on this store whatever its size), so ingestion writes
    # a whole group of articles per call: `*_of_many` take one tuple per article.
    def put_chunks(
        self,
        article: Article,
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        sentence_vectors: Mapping[Span, np.ndarray],
    ) -> None:
        self.put_chunks_of_many([(article, chunks, vectors, sentence_vectors)])

    def put_chunks_of_many(
        self,
        groups: Sequence[tuple[Article, Sequence[Chunk], np.ndarray, Mapping[Span, np.ndarray]]],
    ) -> None:
        """Write chunks with their vectors and, in their metadata, the vector of each of their
        sentences (`sentence_vectors` maps every span of the article's new chunks)."""
        rows = [
            (a, c, np.array([by_span[s] for s in c.sentences], np.float32).reshape(-1, DIMENSIONS))
            for a, chunks, _, by_span in groups
            for c in chunks
        ]
        vectors = _stack([v for _, _, v, _ in groups])
        for lo in range(0, len(rows), _WRITE_BATCH):
            part = rows[lo : lo + _WRITE_BATCH]
            self.chunks.upsert(
                ids=[c.id for _, c, _ in part],
                embeddings=vectors[lo : lo + _WRITE_BATCH],
                documents=[c.text for _, c, _ in part],
                metadatas=[
                    _chunk_metadata(
                        StoredChunk(c.id, a.id, c.start, c.end, c.text, tuple(c.sentences), sv),
                        a.content_hash,
                    )
                    for a, c, sv in part
                ],
            )

    def commit_article(self, article: Article, n_chunks: int) -> None:
        self.commit_articles([(article, n_chunks)])

    def commit_articles(self, records: Sequence[tuple[Article, int]]) -> None:
        """Write the articles' records: the commit point of each (see the module docstring)."""
        for lo in range(0, len(records), _WRITE_BATCH):
            part = records[lo : lo + _WRITE_BATCH]
            self.articles.upsert(
                ids=[a.id for a, _ in part],
                documents=[a.text for a, _ in part],
                embeddings=[_NO_VECTOR] * len(part),
                metadatas=[
                    {"title": a.title, "path": a.path, "content_hash": a.content_hash, "chunks": n}
                    for a, n in part
                ],
            )

    def delete_stale(self, article_id: str, keep_hash: str) -> None:
        """Remove an article's chunks from any other version of its text."""
        where = {"$and": [{"article_id": article_id}, {"content_hash": {"$ne": keep_hash}}]}
        self.chunks.delete(where=where)

    def delete_article(self, article_id: str) -> None:
        self.articles.delete(ids=[article_id])
        self.chunks.delete(where={"article_id": article_id})

    def uncommitted_article_ids(self, committed: dict[str, str]) -> set[str]:
        """Articles with chunks left from an interrupted write or another version."""
        stale = set()
        for _ids, metas, _ in self._paged(self.chunks, ["metadatas"]):
            for m in metas:
                if committed.get(m["article_id"]) != m["content_hash"]:
                    stale.add(m["article_id"])
        return stale

    @staticmethod
    def _pages(collection, include: list[str]) -> Iterable[dict]:
        offset = 0
        while True:
            got = collection.get(include=include, limit=_GET_PAGE, offset=offset)
            if not got["ids"]:
                return
            yield got
            offset += len(got["ids"])

    @staticmethod
    def _paged(collection, include: list[str]) -> Iterable[tuple[list, list, list]]:
        for got in ChunkStore._pages(collection, include):
            third = "documents" if "documents" in include else "embeddings"
            extra = got.get(third)
            yield (
                got["ids"],
                got.get("metadatas") or [None] * len(got["ids"]),
                (extra if extra is not None else [None] * len(got["ids"])),
            )


def _stack(parts: Sequence[np.ndarray]) -> np.ndarray:
    parts = [p for p in parts if len(p)]
    return np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = vectors.reshape(-1, DIMENSIONS)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def _pack(vectors: np.ndarray) -> str:
    """Vectors as base64 of little-endian float32 (exact, and a third the size of JSON)."""
    return base64.b64encode(np.ascontiguousarray(vectors, dtype="<f4").tobytes()).decode("ascii")


def _unpack(blob: str) -> np.ndarray | None:
    """The vectors, or None for a blob this code did not write."""
    try:
        return np.frombuffer(base64.b64decode(blob), dtype="<f4").reshape(-1, DIMENSIONS)
    except ValueError:  # bad base64 (binascii.Error) or a length not a multiple of 384 floats
        return None


def _chunk_metadata(chunk: StoredChunk, content_hash: str) -> dict:
    meta = {
        "article_id": chunk.article_id,
        "content_hash": content_hash,
        "start": chunk.start,
        "end": chunk.end,
        "sentences": json.dumps([[s.start, s.end] for s in chunk.sentences]),
    }
    if chunk.sentence_vectors is not None:
        meta["sentence_vectors"] = _pack(chunk.sentence_vectors)
    return meta


def _stored_chunk(chunk_id: str, meta: dict, text: str) -> StoredChunk:
    spans = tuple(Span(s, e) for s, e in json.loads(meta["sentences"]))
    blob = meta.get("sentence_vectors")
    vectors = _unpack(blob) if blob is not None else None
    if vectors is not None and len(vectors) != len(spans):
        vectors = None  # not written by this code; treat as absent rather than misalign
    return StoredChunk(
        chunk_id, meta["article_id"], meta["start"], meta["end"], text, spans, vectors
    )
