"""Static files in production: hashed names, gzip and Brotli copies, served by WhiteNoise.

WhiteNoise's defaults compress every file (source maps included) with Brotli at its slowest
setting, and keep both hashed and unhashed copies: collecting took over a minute here. Maps are
left uncompressed (only developer tools read them), Brotli runs at quality 6 (nearly as small,
~20× faster) and only hashed names are kept (`WHITENOISE_KEEP_ONLY_HASHED_FILES`): 2–3 seconds.
"""

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage

try:
    import brotli
except ImportError:  # pragma: no cover - gzip copies only
    brotli = None

SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")


class FastCompressor(Compressor):
    @staticmethod
    def compress_brotli(data):
        return brotli.compress(data, quality=6)


class StaticStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        return FastCompressor(**kwargs)
