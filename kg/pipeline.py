"""Pipeline: the articles of a build in; a staging folder holding every export file, the query
store and the build manifest (MANIFEST) out, with as little work as the previous build allows.

- Records: each article is parsed and extracted only when the record cache (kg/cache.py) has
  nothing for its text, id, model and rules; the rest come from the cache.
- Resolution and RDF: articles stream through in id order, one at a time: summaries first
  (kg/resolve.py), then each article's statements, its named graph (kg/graph.py), straight
  into the files (kg/exporters/rdf.py); memory holds summaries, entities and edges, not records.
- Store: when few article graphs differ from the previous build's (the manifest keeps a digest
  of each), the previous store is copied and only those graphs are replaced (kg/storeload.py);
  the unchanged graphs' bytes are then copied from the previous RDF files (the manifest keeps
  where each lies), and kg.html is written by a forked child beside the other exports.
- Nothing changed: when the inputs, options and code are those of the build in the exports
  folder (`up_to_date`), that build stands and nothing runs.

The output is the same whatever was reused: a function of the articles, the options and the code.
"""

from __future__ import annotations

import gc
import hashlib
import json
import tempfile
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import kg
from kg.model import Article
from kg.storeload import StoreLoader

# Inside the store folder: it describes the store's graphs, and is published with it.
MANIFEST = "store/kg-build.json"
MANIFEST_VERSION = 2
GRAPH_FILES = ("kg.ttl", "kg.trig", "kg.jsonld", "kg.graphml", "kg.gexf", "kg.html")
STORE_DIR = "store"
# Above this share of changed article graphs, loading the store afresh is quicker than updating.
UPDATE_AT_MOST = 0.25
CACHE_BATCH = 64


@dataclass
class Options:
    model: str | None = None
    jobs: int = 1
    cache_dir: Path | None = None  # None: records are kept for this build only
    max_nodes: int = 2000


@dataclass
class Outcome:
    articles: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    parsed: int = 0
    store: str = "loaded"  # loaded, updated or kept


def code_digest() -> str:
    """Digest of kg's source and page assets: new code, new exports."""
    package = Path(kg.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".js", ".css", ".html")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def fingerprint(articles: list[Article], options: Options) -> str:
    """What the exports are a function of: articles (id and text), options, model, code."""
    from kg.cache import configuration
    from kg.nlp import pick_model

    digest = hashlib.sha256(json.dumps(
        [MANIFEST_VERSION, configuration(pick_model(options.model)), code_digest(), options.max_nodes]).encode())
    for article in sorted(articles, key=lambda a: a.id):
        digest.update(article.id.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(hashlib.sha256(article.text.encode("utf-8", "surrogatepass")).digest())
    return digest.hexdigest()


def read_manifest(exports: Path) -> dict | None:
    try:
        manifest = json.loads((Path(exports) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("version") == MANIFEST_VERSION else None


def up_to_date(exports: Path, articles: list[Article], options: Options) -> Outcome | None:
    """The outcome of the build in `exports` when it was made from these very articles, options
    and code, and its files are as it wrote them; else None."""
    manifest = read_manifest(exports)
    if not manifest or manifest.get("fingerprint") != fingerprint(articles, options):
        return None
    for name, size in manifest.get("files", {}).items():
        path = Path(exports) / name
        if not path.is_file() or path.stat().st_size != size:
            return None
    if not (Path(exports) / STORE_DIR / "CURRENT").is_file():
        return None
    return Outcome(manifest["articles"], manifest["counts"], 0, "kept")


@contextmanager
def _record_cache(options: Options, config: str):
    from kg.cache import RecordCache

    if options.cache_dir is not None:
        with RecordCache(options.cache_dir, config) as cache:
            yield cache
        return
    with tempfile.TemporaryDirectory(prefix="kg-records-") as scratch:
        with RecordCache(Path(scratch), config) as cache:
            yield cache


@contextmanager
def _fewer_collections():
    """Millions of small objects live through a build; the cyclic collector would walk them
    over and over for no garbage (kg makes no reference cycles), so it runs rarely. At the end,
    the objects still young are moved to the oldest generation unwalked (freeze, unfreeze):
    with the usual threshold back, the next allocation would otherwise walk up to 200,000 of
    them (30 ms) for nothing."""
    threshold = gc.get_threshold()
    gc.set_threshold(200_000, 50, 1000)
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(*threshold)
        gc.unfreeze()


@contextmanager
def _no_collections():
    """No cyclic collection while an incremental build resolves the records and writes the
    exports (at 1,000 articles, the collector's walks over the young objects took 35 ms of a
    one-article build, on its critical path). Kept to incremental builds, where it pays: a cold
    build runs for minutes beside the store's loader, and what cyclic garbage it makes (networkx
    graphs are cyclic; kg.network.discard frees the ones kg writes from) should not wait for its
    end. As at the end of _fewer_collections, what is left goes to the oldest generation unwalked."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def build(articles: list[Article], staging: Path, *, exports: Path, options: Options,
          nlp_factory: Callable[[], object], too_long: Callable[[Article, int], None],
          progress: Callable[[str], None] = lambda _m: None, workers=None) -> Outcome:
    """Write every export, the store and the manifest into `staging`. `too_long(article, limit)`
    hears of each article longer than the parser takes (it is left out); `exports` holds the
    previous build, if any; `workers` (kg.parallel.Workers), if given, parse and are then
    stopped."""
    from functools import partial

    from kg.cache import article_key, configuration
    from kg.nlp import pick_model
    from kg.parallel import alongside

    model = pick_model(options.model)
    config = configuration(model)
    keys = {a.id: article_key(config, a) for a in articles}
    outcome = Outcome()
    previous = read_manifest(exports) if options.cache_dir is not None else None
    with _record_cache(options, config) as cache, _fewer_collections():
        renderer = _renderer(cache)
        articles, parsed, known = _ensure_records(articles, keys, cache, renderer, options, model, nlp_factory,
                                                  too_long, progress, workers)
        if workers is not None:
            workers.stop()
        if not articles:
            return outcome
        outcome.parsed = len(parsed)
        progress(f"resolving and writing {len(articles)} articles")
        update = _few_changes(previous, exports, {a.id for a in articles}, parsed)
        with nullcontext() if update else StoreLoader(staging / STORE_DIR) as loader, ExitStack() as page, \
                _no_collections() if update else nullcontext():
            def write_page(entities, network) -> None:
                task = partial(_write_page, staging / "kg.html", network, entities, len(articles), options.max_nodes)
                if loader is None:  # by a child forked now, while this process finishes the rest
                    page.enter_context(alongside(task))
                else:  # here, now: a child cannot be forked while the loader's thread runs
                    task(free=True)

            rendered = _render(sorted(articles, key=lambda a: a.id), keys, known, cache, renderer, staging,
                               options, previous, exports, loader, write_page)
            outcome.store = _exports_and_store(staging, exports, previous, rendered, loader)
    outcome.articles = [a.id for a in articles]
    outcome.counts = rendered.counts
    _write_manifest(staging, articles, options, rendered, outcome)
    return outcome


def _ensure_records(articles, keys, cache, renderer: str, options, model, nlp_factory, report_too_long, progress,
                    workers):
    """The articles that have records in the cache, parsing and extracting the ones missing
    (`report_too_long` hears of those the parser cannot take, which are left out); the ids
    of those parsed now; and what the cache knows of them (Known: read while workers parse)."""
    from kg.cache import loads, unpack
    from kg.parallel import extract_blobs

    cached = cache.summaries(list(keys.values()))
    summaries: dict[str, object] = {}
    rendered: dict[str, tuple] = {}  # what the cache holds of the cached articles' renders, read meanwhile
    missing = [a for a in articles if keys[a.id] not in cached]
    dropped, parsed, pending = set(), set(), []

    def too_long(article: Article, limit: int) -> None:
        dropped.add(article.id)
        report_too_long(article, limit)

    def meanwhile() -> None:
        _import_later_stages()
        summaries.update((key, loads(blob)) for key, blob in cached.items())
        owners = [_owner(renderer, key) for key in cached]
        rendered.update((rkey, unpack(blob)) for rkey, blob in cache.rendered_for(owners).items())

    for article, records, summary in extract_blobs(missing, jobs=options.jobs, nlp_factory=nlp_factory,
                                                   model=model, too_long=too_long, workers=workers,
                                                   meanwhile=meanwhile):
        parsed.add(article.id)
        summaries[keys[article.id]] = loads(summary)
        pending.append((keys[article.id], records, summary))
        if len(pending) >= CACHE_BATCH:
            cache.put(pending)
            pending = []
        progress(f"[{len(parsed) + len(dropped)}/{len(missing)}] {article.id}")
    cache.put(pending)
    for key, blob in cached.items():  # when no worker ran `meanwhile`
        if key not in summaries:
            summaries[key] = loads(blob)
    return [a for a in articles if a.id not in dropped], parsed, Known(summaries, rendered)


@dataclass
class Known:
    """What the cache knows of the articles, read by _ensure_records: each one's resolution
    summary by records key, and the renders it holds for the cached ones (kg.cache's `rendered`,
    unpacked), if they were read while workers parsed."""

    summaries: dict
    rendered: dict


def _renderer(cache) -> str:
    """What an article's graph is a function of besides its records and ids: model, code."""
    return hashlib.sha256((cache.config + code_digest()).encode()).hexdigest()


def _owner(renderer: str, key: str) -> str:
    """Which article (records key) and renderer a cached render belongs to."""
    return f"{renderer[:32]}:{key}"


def _import_later_stages() -> None:
    """Import what resolution and the exports need (about 0.2 s) while workers parse, rather
    than after; the page's libraries too, so that the child that writes it has them. numpy, for
    the layouts, is safe to import here: extract_blobs starts every worker it needs before the
    first batch is sent, so none is forked after this."""
    import networkx.drawing.layout  # noqa: F401
    import numpy  # noqa: F401
    import pyoxigraph  # noqa: F401
    import pyvis.network  # noqa: F401

    import kg.exporters.gexf  # noqa: F401
    import kg.exporters.graphml  # noqa: F401
    import kg.exporters.html  # noqa: F401
    import kg.exporters.rdf  # noqa: F401
    import kg.graph  # noqa: F401
    import kg.resolve  # noqa: F401
    import kg.storeload  # noqa: F401


@dataclass
class Rendered:
    """What the store and the manifest need from the rendering pass."""

    digests: dict[str, str]  # article id -> digest of its named graph
    spans: dict[str, list]  # article id -> where its graph is in kg.ttl, kg.trig, kg.jsonld
    default_span: tuple[int, int]  # where the default graph's Turtle is in kg.ttl
    renderer: str  # what the graphs are a function of, besides the records and ids
    changed: dict[str, str]  # when updating a store: article id -> Turtle of the graphs that differ
    default_turtle: str
    counts: dict[str, int]
    network: object = None  # for the graph exports; dropped once they are written
    entities: dict | None = None  # entity id -> labelled entity, likewise
    deferred: list = field(default_factory=list)  # copies left to make in the RDF files (RdfWriter)


def _few_changes(previous: dict | None, exports: Path, ids: set[str], parsed: set[str]) -> bool:
    """Whether the previous store is worth updating: few articles are new, gone or re-parsed."""
    if not previous or not (Path(exports) / STORE_DIR / "CURRENT").is_file():
        return False
    old = set(previous.get("graphs", {}))
    return len((ids - old) | (old - ids) | (parsed & old)) <= UPDATE_AT_MOST * max(len(ids), 1)


def _render(articles: list[Article], keys, known: Known, cache, renderer: str, staging: Path, options: Options,
            previous: dict | None, exports: Path, loader, labelled_hook: Callable[[dict, object], None]) -> Rendered:
    """Resolve every article (its summary and cached render, if any, in `known`; `renderer` as
    _renderer gives it) and write kg.ttl, kg.trig and kg.jsonld as each is mapped, handing its
    graph to the store `loader`, if any. Without a loader, a graph equal to the one the previous
    build (`previous`, its manifest; `exports`, its folder) wrote is copied from its files.
    `labelled_hook(entities, network)` is called once every entity is labelled, before the
    default graph is written."""
    from collections import Counter

    from kg.exporters.rdf import RdfWriter
    from kg.graph import article_iri, render_default
    from kg.network import Network
    from kg.resolve import Entities, Resolver

    summaries = {a.id: known.summaries[keys[a.id]] for a in articles}
    resolver = Resolver(summaries.values())
    entities, network = Entities(), Network(articles)
    digests, changed = {}, {}
    before = (previous or {}).get("graphs", {})
    reusable = _reusable(previous, exports, renderer) if loader is None else {}
    # Unchanged graphs are copied by a thread while the rest is resolved (a core is idle then),
    # until the page's child is forked: no child is forked while another thread runs.
    with RdfWriter(staging, copy_early=bool(reusable)) as writer:
        for start in range(0, len(articles), CACHE_BATCH):
            batch = articles[start:start + CACHE_BATCH]
            for article, out in _rendered_batch(batch, keys, known.rendered, cache, resolver, summaries, network,
                                                renderer, reusable, save=options.cache_dir is not None):
                entities.add(article.id, out.mentions, out.label_facts)
                if out.graph is None:
                    writer.copy_article(article.id, exports, reusable[article.id][1])
                else:
                    writer.add_article(article.id, out.graph)
                network.add_part(article.id, out.network)
                digests[article.id] = out.digest
                if loader is not None:
                    loader.add(article_iri(article.id), out.graph.turtle)
                elif before.get(article.id) != out.digest:
                    changed[article.id] = out.graph.turtle
        labelled = entities.label(resolver)
        writer.stop_early_copies()
        labelled_hook(labelled, network)
        default = render_default(labelled, articles)
        writer.finish(default)
    counts = dict(sorted(Counter(e.cls for e in labelled.values()).items()))
    return Rendered(digests, writer.spans, writer.default_span, renderer, changed, default.turtle, counts, network,
                    labelled, writer.deferred)


def _reusable(previous: dict | None, exports: Path, renderer: str) -> dict[str, tuple[str, list | None]]:
    """article id -> (digest, where in kg.ttl, kg.trig and kg.jsonld) of each graph the previous
    build wrote (no place: the graph had no triples), when that build's graphs came from the same
    code and model and its RDF files are as it wrote them; else nothing."""
    if not previous or previous.get("renderer") != renderer or not _rdf_intact(previous, exports):
        return {}
    spans = previous.get("spans", {})
    return {article_id: (digest, spans.get(article_id)) for article_id, digest in previous.get("graphs", {}).items()}


def _rdf_intact(previous: dict, exports: Path) -> bool:
    """Whether the previous build's RDF files are (as far as their sizes tell) as it wrote them."""
    for name in ("kg.ttl", "kg.trig", "kg.jsonld"):
        path = Path(exports) / name
        if not path.is_file() or path.stat().st_size != previous.get("files", {}).get(name):
            return False
    return True


def _previous_default(previous: dict | None, exports: Path) -> str | None:
    """The previous build's default graph as Turtle, read from its kg.ttl; None if not at hand."""
    span = (previous or {}).get("default")
    if not span or not _rdf_intact(previous, exports):
        return None
    with open(Path(exports) / "kg.ttl", "rb") as handle:
        handle.seek(span[0])
        return handle.read(span[1]).decode("utf-8")


@dataclass
class ArticleOutput:
    """What one article, mapped to corpus-wide ids, contributes: its named graph (None when it
    equals the previous build's, which the files hold) and the graph's digest, its mentions and
    label facts, and its part of the network."""

    graph: object
    digest: str
    mentions: list
    label_facts: list
    network: tuple


def _rendered_batch(batch, keys, prefetched: dict, cache, resolver, summaries, network, renderer: str,
                    reusable: dict, *, save: bool):
    """(article, ArticleOutput) for a batch: from the cache (or `prefetched`, what was read of it
    already, each entry taken once), without the graph, when an earlier build rendered the same
    records under the same ids with the same code and the previous build wrote the same graph
    (`reusable` and the manifest's digests say where in its files); else made now (and cached
    if `save`). The cache keeps no graphs: compressing them cost a cold
    build more than rendering them again costs the rare build that cannot copy them."""
    from kg.cache import loads, pack, unpack
    from kg.graph import render_article
    from kg.resolve import map_article

    ids = {a.id: resolver.ids_for(summaries[a.id]) for a in batch}
    rkeys = {a.id: hashlib.sha256(json.dumps([renderer, keys[a.id], sorted(ids[a.id].items())]).encode()).hexdigest()
             for a in batch}
    found = {key: prefetched.pop(key) for key in rkeys.values() if key in prefetched}
    unread = [key for key in rkeys.values() if key not in found]
    found.update((key, unpack(blob)) for key, blob in cache.rendered(unread).items())
    kept = {a.id for a in batch if rkeys[a.id] in found and reusable.get(a.id, ("",))[0] == found[rkeys[a.id]][0]}
    records = cache.records([keys[a.id] for a in batch if a.id not in kept])
    made = []
    for article in batch:
        key = rkeys[article.id]
        if article.id in kept:
            yield article, ArticleOutput(None, *found[key])
            continue
        mapped = map_article(article.id, loads(records[keys[article.id]]), ids[article.id])
        classes = {eid: cls for eid, cls, _ in reversed(mapped.mentions)}
        graph = render_article(article.id, mapped.statements, classes)
        out = ArticleOutput(graph, hashlib.sha256(graph.turtle.encode("utf-8")).hexdigest()[:32],
                            mapped.mentions, mapped.label_facts, network.part(article.id, mapped.statements))
        if save:
            made.append((key, _owner(renderer, keys[article.id]),
                         pack((out.digest, out.mentions, out.label_facts, out.network))))
        yield article, out
    if made:
        cache.put_rendered(made)


def _exports_and_store(staging: Path, exports: Path, previous: dict | None, rendered: Rendered, loader) -> str:
    """Write kg.graphml and kg.gexf, and finish the store.

    While a loader is still filling the store in its thread, the exports are written here beside
    it (the load takes longer), and their inputs are freed before the store's last load. When the
    store is updated instead, the page is being written by a forked child (kg.parallel.alongside,
    started by `build`) while this process writes GraphML, GEXF and the store, and a thread
    copies the unchanged graphs into kg.ttl, kg.trig and kg.jsonld (mostly the kernel's work): on
    two cores that halves the time an incremental build spends after resolution."""
    from functools import partial

    from kg.exporters.gexf import write_gexf
    from kg.exporters.graphml import sorted_edges, write_graphml
    from kg.exporters.rdf import copy_deferred
    from kg.network import discard
    from kg.parallel import beside

    with beside(partial(copy_deferred, staging, rendered.deferred)):
        graph = rendered.network.graph(rendered.entities)
        rendered.network = rendered.entities = None
        edges = sorted_edges(graph)
        write_graphml(graph, staging / "kg.graphml", edges=edges)
        write_gexf(graph, staging / "kg.gexf", edges=edges)
        if loader is None:
            return _finish_store(staging, exports, previous, rendered, loader)
    del edges
    discard(graph)
    return _finish_store(staging, exports, previous, rendered, loader)


def _write_page(path: Path, network, entities, n_articles: int, max_nodes: int, *, free: bool = False) -> None:
    """Write kg.html; with `free`, free its graph at once (a forked child need not: it exits)."""
    from kg.exporters.html import write_html
    from kg.network import discard, view_title

    view = network.view(entities, max_nodes)
    write_html(view, path, title=view_title(n_articles, view, len(entities)))
    if free:
        discard(view)


def _finish_store(staging: Path, exports: Path, previous: dict | None, rendered: Rendered, loader) -> str:
    """Finish the store the loader has been loading; or update a copy of the previous store
    when few graphs changed after all, else load it afresh from kg.trig."""
    from kg.graph import article_iri
    from kg.storeload import load_store, update_store

    if loader is not None:
        loader.finish(rendered.default_turtle)
        return "loaded"
    old = (previous or {}).get("graphs", {})
    changed, removed = set(rendered.changed), set(old) - set(rendered.digests)
    if len(changed | removed) <= UPDATE_AT_MOST * max(len(rendered.digests), 1):
        update_store(Path(exports) / STORE_DIR, staging / STORE_DIR,
                     removed=[article_iri(a) for a in sorted(removed | (changed & set(old)))],
                     added={article_iri(a): rendered.changed[a] for a in changed},
                     default_turtle=rendered.default_turtle,
                     previous_default=_previous_default(previous, exports))
        return "updated"
    load_store(staging, staging / STORE_DIR, rendered.default_turtle)
    return "loaded"


def _write_manifest(staging: Path, articles, options: Options, rendered: Rendered, outcome: Outcome) -> None:
    manifest = {
        "version": MANIFEST_VERSION,
        "fingerprint": fingerprint(articles, options),
        "articles": outcome.articles,
        "counts": outcome.counts,
        "files": {name: (staging / name).stat().st_size for name in GRAPH_FILES},
        "graphs": rendered.digests,
        "renderer": rendered.renderer,
        "default": rendered.default_span,
        "spans": rendered.spans,
    }
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=0, sort_keys=True), encoding="utf-8")
