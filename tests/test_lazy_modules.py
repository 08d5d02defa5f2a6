"""Modules deferred until first use load when used and behave as if imported at once."""
from __future__ import annotations

import json
import subprocess
import sys


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def test_render_without_images_never_loads_pillow() -> None:
    found = _run(
        "import json, sys\nfrom pipeline.loader import load_form\nfrom pipeline.render import render_form\n"
        "from pipeline.sample import sample_data\nspec = load_form('pilot-2020')\n"
        "pdf = render_form(spec, sample_data(spec)).pdf\n"
        "image = sys.modules['PIL.Image']\n"
        "print(json.dumps({'pdf': pdf[:5].decode(), 'loaded': 'Image' in object.__getattribute__(image, '__dict__')}))")
    assert found == {"pdf": "%PDF-", "loaded": False}


def test_deferred_module_loads_on_first_use_and_is_the_real_one() -> None:
    found = _run(
        "import json, sys\nimport pipeline.render\nfrom reportlab.lib import utils\n"
        "from PIL import Image\nimage = Image.new('RGB', (3, 2))\n"
        "print(json.dumps({'size': list(image.size), 'same': utils.Image.Image is Image.Image,\n"
        "                  'pil_image': utils._isPILImage(image)}))")
    assert found == {"size": [3, 2], "same": True, "pil_image": True}


def test_server_loads_deferred_modules_before_serving_and_threads_import_eagerly() -> None:
    found = _run(
        "import json, sys, threading\nfrom pipeline import lazy_modules\n"
        "lazy_modules.load_on_first_use('colorsys')\n"
        "deferred = 'hls_to_rgb' not in object.__getattribute__(sys.modules['colorsys'], '__dict__')\n"
        "lazy_modules.load_deferred_now()\n"
        "loaded = 'hls_to_rgb' in sys.modules['colorsys'].__dict__\n"
        "t = threading.Thread(target=lazy_modules.load_on_first_use, args=('wave',)); t.start(); t.join()\n"
        "print(json.dumps({'deferred': deferred, 'loaded': loaded, 'in_thread': 'wave' in sys.modules}))")
    assert found == {"deferred": True, "loaded": True, "in_thread": False}


def test_threads_using_a_deferred_module_first_at_once_all_get_it_whole() -> None:
    """Python 3.11's LazyLoader let the second thread see the module half-executed (an
    AttributeError for ``PIL.Image.new``); two renders with images in a thread pool hit it."""
    found = _run(
        "import json, sys, threading\nimport pipeline.render\n"
        "image = sys.modules['PIL.Image']\n"
        "deferred = 'new' not in object.__getattribute__(image, '__dict__')\n"
        "barrier, sizes, errors = threading.Barrier(4), [], []\n"
        "def use():\n"
        "    barrier.wait()\n"
        "    try:\n"
        "        sizes.append(list(image.new('RGB', (3, 2)).size))\n"
        "    except Exception as exc:\n"
        "        errors.append(repr(exc))\n"
        "threads = [threading.Thread(target=use) for _ in range(4)]\n"
        "[t.start() for t in threads]\n[t.join() for t in threads]\n"
        "print(json.dumps({'deferred': deferred, 'sizes': sizes, 'errors': errors}))")
    assert found == {"deferred": True, "sizes": [[3, 2]] * 4, "errors": []}


def test_what_is_set_on_a_deferred_module_before_it_loads_stays_set() -> None:
    found = _run(
        "import json, sys\nfrom pipeline import lazy_modules\n"
        "lazy_modules.load_on_first_use('colorsys')\nimport colorsys\n"
        "colorsys.ONE_THIRD = 0.25\n"
        "print(json.dumps({'kept': colorsys.ONE_THIRD, 'loaded': colorsys.rgb_to_hsv(1, 0, 0),\n"
        "                  'module': type(colorsys).__name__}))")
    assert found == {"kept": 0.25, "loaded": [0.0, 1.0, 1.0], "module": "module"}


def test_a_module_whose_package_is_missing_is_left_alone() -> None:
    found = _run(
        "import json, sys\nfrom pipeline import lazy_modules\n"
        "lazy_modules.load_on_first_use('no_such_package_here.sub')\n"
        "print(json.dumps({'stand_in': 'no_such_package_here.sub' in sys.modules}))")
    assert found == {"stand_in": False}
