"""ragbot core: ingest articles, retrieve evidence, answer with exact citations.

Knows nothing of HTTP, Slack or the terminal; those shells call `RagBot`.
"""

from rag.config import Settings, get_settings
from rag.engine import RagBot
from rag.models import Answer, Citation, Message, Passage, SourceDetail, SourceSummary

__all__ = [
    "Answer",
    "Citation",
    "Message",
    "Passage",
    "RagBot",
    "Settings",
    "SourceDetail",
    "SourceSummary",
    "get_settings",
]
