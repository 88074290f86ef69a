from . import test_id_ocr
