"""Cache: articles in; the records extraction found in them out, when an earlier build already
parsed the same text under the same id with the same model and the same extraction rules.

What is cached is the extracted records (Mentions and Facts, small frozen dataclasses) and the
article's resolution summary (and, keyed apart, what kg/pipeline.py rendered from them), not
spaCy Docs: a Doc is many times larger than the records drawn
from it, and every later stage needs only the records. An entry is found by
sha256(configuration, article id, text), where the configuration names the spaCy model (name,
version), the spaCy version, kg.PIPELINE_VERSION and a digest of the source of every kg module
extraction runs (found by following kg imports from kg.extractors, kg.nlp and kg.ingest), so
editing a pattern, or switching model, misses the cache instead of reading stale records.

Entries live in one SQLite file, DIR/records.sqlite; entries of all but the few most recently
used configurations are deleted when a build opens the cache. Records are pickled; reading
them accepts only kg's record classes, so a cache file cannot make kg run other code.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import pickle
import sqlite3
import time
import zlib
from contextlib import contextmanager
from pathlib import Path

import kg
from kg.model import Article

CACHE_FILE = "records.sqlite"
DEFAULT_DIR = ".kg-cache"
KEEP_CONFIGURATIONS = 3
# Where extraction starts; every kg module these import, directly or not, is part of the rules.
RULE_ROOTS = ("kg.extractors", "kg.nlp", "kg.ingest")
PICKLE_PROTOCOL = 5
_ALLOWED = {("kg.model", "Mention"), ("kg.model", "Fact"), ("kg.model", "Provenance"),
            ("kg.model", "Date"), ("kg.model", "Ref"), ("kg.resolve", "ArticleSummary"),
            ("kg.graph", "ArticleGraph"),
            ("builtins", "frozenset"), ("builtins", "set")}


class CacheError(Exception):
    """The cache folder cannot be used; the message is one line."""


class _RecordUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a kg record class")
        return super().find_class(module, name)


def dumps(value) -> bytes:
    return pickle.dumps(value, protocol=PICKLE_PROTOCOL)


def loads(blob: bytes):
    try:
        return _RecordUnpickler(io.BytesIO(blob)).load()
    except Exception as err:  # a damaged entry can fail in many ways; all mean the same
        raise _damaged(err) from None


def _damaged(err: Exception) -> CacheError:
    return CacheError(f"a cache entry cannot be read ({type(err).__name__}); "
                      "delete the cache folder or pass --no-cache")


def pack(value) -> bytes:
    """A compressed entry: rendered articles are mostly Turtle and JSON-LD, which shrink 5-fold."""
    return zlib.compress(dumps(value), 1)


def unpack(blob: bytes):
    try:
        blob = zlib.decompress(blob)
    except zlib.error as err:
        raise _damaged(err) from None
    return loads(blob)


def model_identity(model: str) -> str:
    """'name version' of a spaCy model package or folder, read from its meta.json without
    loading spaCy; the model name alone when there is no meta.json."""
    try:
        spec = importlib.util.find_spec(model) if not Path(model).exists() else None
    except (ImportError, ValueError):
        spec = None
    folder = Path(spec.origin).parent if spec and spec.origin else Path(model)
    for meta in [folder / "meta.json", *sorted(folder.glob("*/meta.json"))]:
        if meta.is_file():
            data = json.loads(meta.read_text(encoding="utf-8"))
            return f"{data.get('lang')}_{data.get('name')} {data.get('version')}"
    return model


def rule_sources() -> list[Path]:
    """Source files of every kg module that extraction imports, sorted."""
    package = Path(kg.__file__).parent
    seen: dict[str, Path] = {}
    todo = list(RULE_ROOTS)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _module_file(package, name)
        if path is None:
            continue
        seen[name] = path
        todo.extend(_kg_imports(path))
    return sorted(set(seen.values()))


def _module_file(package: Path, name: str) -> Path | None:
    base = package.joinpath(*name.split(".")[1:])
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


_IMPORTS: dict[tuple, list[str]] = {}  # (path, mtime, size) -> kg modules it imports


def _kg_imports(path: Path) -> list[str]:
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _IMPORTS:
        _IMPORTS[key] = _parse_kg_imports(path)
    return _IMPORTS[key]


def _parse_kg_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kg":
            found.append(node.module)
            found.extend(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names if a.name.split(".")[0] == "kg")
    return found


def configuration(model: str) -> str:
    """Digest of everything besides an article's text and id that its records depend on."""
    digest = hashlib.sha256()
    for part in (model_identity(model), "spacy " + importlib.metadata.version("spacy"),
                 "pipeline " + kg.PIPELINE_VERSION):
        digest.update(part.encode("utf-8") + b"\0")
    package = Path(kg.__file__).parent
    for path in rule_sources():
        label = path.relative_to(package) if path.is_relative_to(package) else path.name
        digest.update(str(label).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def article_key(config: str, article: Article) -> str:
    """The cache key of one article: its records depend on its id (provenance names it), text
    and the configuration."""
    text = f"{config}\0{article.id}\0{article.text}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class RecordCache:
    """Cached (records, summary) blobs by article key, for one configuration."""

    def __init__(self, folder: Path, config: str) -> None:
        self.folder = Path(folder)
        self.config = config
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.folder / CACHE_FILE, timeout=60)
            self._open()
        except (OSError, sqlite3.Error) as err:
            raise CacheError(f"cannot use the cache {self.folder}: {str(err).lower()}; "
                             "pass --cache DIR or --no-cache") from None

    def _open(self) -> None:
        config = self.config
        columns = [row[1] for row in self._db.execute("PRAGMA table_info(mapped)")]
        if columns and "article" not in columns:  # an earlier layout: its entries cannot be found by article
            self._db.execute("DROP TABLE mapped")
        self._db.executescript(
            "CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, config TEXT NOT NULL,"
            " records BLOB NOT NULL, summary BLOB NOT NULL);"
            # earlier layouts, which kept the rendered graphs too (a second build into the same
            # folder copies them from its files; elsewhere rendering them again is cheap)
            "DROP TABLE IF EXISTS rendered; DROP TABLE IF EXISTS renders;"
            "CREATE TABLE IF NOT EXISTS mapped (key TEXT PRIMARY KEY, config TEXT NOT NULL,"
            " meta BLOB NOT NULL, article TEXT NOT NULL);"
            "CREATE INDEX IF NOT EXISTS mapped_article ON mapped (article);"
            "CREATE TABLE IF NOT EXISTS configs (config TEXT PRIMARY KEY, used REAL NOT NULL);")
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO configs VALUES (?, ?)", (config, time.time()))
            stale = [c for (c,) in self._db.execute("SELECT config FROM configs ORDER BY used DESC")]
            for old in stale[KEEP_CONFIGURATIONS:]:
                for table in ("records", "mapped", "configs"):
                    self._db.execute(f"DELETE FROM {table} WHERE config = ?", (old,))

    def __enter__(self) -> "RecordCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def summaries(self, keys: list[str]) -> dict[str, bytes]:
        """key -> summary blob for the keys that are cached."""
        return self._select("summary", keys)

    def records(self, keys: list[str]) -> dict[str, bytes]:
        """key -> records blob for the keys that are cached."""
        return self._select("records", keys)

    def rendered(self, keys: list[str]) -> dict[str, bytes]:
        """key -> what an earlier build made of an article's records (kg/pipeline.py), but its graph."""
        return self._select("meta", keys, table="mapped")

    def rendered_for(self, article_keys: list[str]) -> dict[str, bytes]:
        """key -> each entry `rendered` holds for the articles with these records keys."""
        return self._select("meta", article_keys, table="mapped", by="article")

    def _select(self, column: str, keys: list[str], table: str = "records", by: str = "key") -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            with self._errors():
                found.update(self._db.execute(f"SELECT key, {column} FROM {table} WHERE {by} IN ({marks})", chunk))
        return found

    def put_rendered(self, entries) -> None:
        """Store (key, records key of the article, meta) entries in one transaction."""
        with self._errors(), self._db:
            self._db.executemany("INSERT OR REPLACE INTO mapped VALUES (?, ?, ?, ?)",
                                 ((k, self.config, m, a) for k, a, m in entries))

    @contextmanager
    def _errors(self):
        try:
            yield
        except sqlite3.Error as err:
            raise CacheError(f"cannot use the cache {self.folder}: {str(err).lower()}; "
                             "pass --cache DIR or --no-cache") from None

    def put(self, entries) -> None:
        """Store (key, records blob, summary blob) entries in one transaction."""
        with self._errors(), self._db:
            self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)",
                                 ((k, self.config, r, s) for k, r, s in entries))
