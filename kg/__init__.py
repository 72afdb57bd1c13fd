"""kg: read news articles, extract facts under a small ontology, merge them, export a graph."""

from pathlib import Path

__version__ = "0.1.0"

# Bumped whenever extraction rules change in a way that changes output for the same parse.
PIPELINE_VERSION = "1"

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
QUERIES_DIR = ONTOLOGY_DIR / "queries"
