"""Plain-Python domain: no boto3, no onnxruntime, no I/O."""
