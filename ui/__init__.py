"""Faces: the Gradio enterprise page and the staff console (`python -m ui`)."""

import os

# Before gradio and chromadb are imported anywhere: this service must not phone home.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
