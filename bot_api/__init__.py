"""ragbot's HTTP shell: the FastAPI app (chat API, OpenAI-compatible API, web page).

A thin layer over `rag.RagBot`; it knows nothing of how answers are made.
"""
