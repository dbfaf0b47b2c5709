"""The benchmarks run by ``python -m sotay.bench`` (``make bench``) that live outside sotay/bench.py."""
