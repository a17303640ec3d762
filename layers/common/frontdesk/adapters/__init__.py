"""The only place boto3 (and onnxruntime) is imported. Clients are handed in."""
