"""ragbot in Slack (Bolt for Python): answers mentions and direct messages in threads, with sources.

`app.py` builds the Bolt app, `listeners.py` handles events, `ui.py` builds Block Kit, `ops.py`
talks to Slack, `routes.py` mounts `POST /slack/events` in the FastAPI app, and `ragbot slack` runs
Socket Mode.
"""
