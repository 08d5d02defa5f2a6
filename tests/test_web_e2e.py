"""The web workbench in a real headless Chromium (Debian's chromium + chromium-driver, driven by
Selenium with the driver's path given, so nothing is downloaded): fill, check, collect.

Set SHENBAO_SCREENSHOTS=DIR to save a screenshot of each page there (the README's images come
from `SHENBAO_SCREENSHOTS=docs/web pytest tests/test_web_e2e.py`).
"""
from __future__ import annotations

import io
import json
import os
import socket
import threading
import time
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from openpyxl import load_workbook

from conftest import INPUTS, load_json
from pipeline.api import render_file
from pipeline.batch.jobs import _pruned as pruned   # without empty members, as batch parse compares readings
from pipeline.loader import load_form
from pipeline.parse import parse_file
from pipeline.sample import sample_data
from pipeline.text import word_count
from small_print import small_print_pdf
from wordlike import edit_part, find_style, set_property

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
pytestmark = pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
                                reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WAIT = 30
SHOTS = os.environ.get("SHENBAO_SCREENSHOTS")


# ---- the server and the browser -----------------------------------------------------------

@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    import uvicorn

    from pipeline.web.app import Settings, create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(workers=2)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1400", "--lang=zh-CN"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False,
                                              "intl.accept_languages": "zh-CN"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield driver
    driver.quit()


def wait_for(driver: Any, condition: Callable[[Any], Any], timeout: float = WAIT) -> Any:
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)


def downloaded(folder: Path, suffix: str, before: set[Path]) -> Path:
    """The file of ``suffix`` that appeared in ``folder`` since ``before`` (download finished)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        new = [p for p in folder.iterdir() if p not in before and p.suffix == suffix]
        if new and not any(p.suffix == ".crdownload" for p in folder.iterdir()):
            return new[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} downloaded into {folder}: {sorted(p.name for p in folder.iterdir())}")


def screenshot(driver: Any, name: str, full_height: bool = True) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    if full_height:
        height = min(driver.execute_script("return document.documentElement.scrollHeight"), 2400)
        driver.set_window_size(1280, max(900, height))
    from PIL import Image

    image = Image.open(io.BytesIO(driver.get_screenshot_as_png()))
    image.convert("RGB").quantize(colors=128).save(Path(SHOTS) / f"{name}.png", optimize=True)  # light for git
    driver.set_window_size(1280, 1400)


def field(driver: Any, key: str) -> Any:
    return driver.find_element(By.CSS_SELECTOR, f'.field[data-key="{key}"]')


def type_into(driver: Any, key: str, text: str) -> None:
    box = field(driver, key).find_element(By.CSS_SELECTOR, ".value")
    box.clear()
    box.send_keys(text)


def choose(driver: Any, key: str, value: str) -> None:
    field(driver, key).find_element(By.CSS_SELECTOR, f'input[type=radio][value="{value}"]').click()


def upload(driver: Any, selector: str, paths: list[Path]) -> None:
    chooser = driver.find_element(By.CSS_SELECTOR, selector)
    chooser.send_keys("\n".join(str(p) for p in paths))


def shown(driver: Any, key: str) -> bool:
    return field(driver, key).is_displayed()


# ---- 填写 --------------------------------------------------------------------------------------

def test_home_lists_the_forms_and_the_three_pages(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/")
    links = {a.get_attribute("data-form") for a in browser.find_elements(By.CSS_SELECTOR, "a[data-form]")}
    assert {"pilot-2020", "demo-2020", "case-2024", "summary-2020"} <= links
    assert [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".top nav a")] == ["填写", "检查", "汇总"]
    screenshot(browser, "home", full_height=False)


def test_fill_a_logistics_provider_see_an_error_fix_it_download_and_read_back(
        browser: Any, base_url: str, downloads: Path) -> None:
    browser.get(base_url + "/fill/pilot-2020")
    wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#summary .counts"))
    # the examples of the form definition, then the choices that matter here made by hand
    browser.find_element(By.ID, "fill-sample").click()
    choose(browser, "pilot.type", "platform")
    assert shown(browser, "platform.revenue") and not shown(browser, "provider.revenue")
    choose(browser, "pilot.type", "provider")
    choose(browser, "provider.service_type", "logistics")
    assert shown(browser, "provider.logistics.warehouse_area")
    assert not shown(browser, "provider.finance.payment_license") and not shown(browser, "platform.revenue")
    type_into(browser, "unit.name", "广州穗通供应链管理有限公司")
    type_into(browser, "provider.logistics.warehouse_area", "32000")
    narrative = "公司成立于 2012 年，主营 B2B 仓配一体化服务，2019 年营业收入 6800 万元。"
    type_into(browser, "narrative.basic.overview", narrative)
    counter = field(browser, "narrative.basic.overview").find_element(By.CSS_SELECTOR, ".count .n")
    wait_for(browser, lambda d: counter.text == str(word_count(narrative)))

    # an inline error from the validator, in Chinese, at the field
    type_into(browser, "unit.postcode", "5106")
    message = wait_for(browser, lambda d: field(d, "unit.postcode").find_elements(By.CSS_SELECTOR, ".msg.error"))
    assert "6 位数字邮政编码" in message[0].text and "“5106”" in message[0].text
    browser.execute_script("window.scrollTo(0, 0)")
    screenshot(browser, "fill")
    # an eligibility warning: under the 2000 ㎡ a logistics provider needs
    type_into(browser, "provider.logistics.warehouse_area", "1500")
    type_into(browser, "unit.postcode", "510700")
    wait_for(browser, lambda d: not field(d, "unit.postcode").find_elements(By.CSS_SELECTOR, ".msg"))
    warning = wait_for(browser, lambda d: field(d, "provider.logistics.warehouse_area")
                       .find_elements(By.CSS_SELECTOR, ".msg.warning"))
    assert "低于推荐条件" in warning[0].text
    type_into(browser, "provider.logistics.warehouse_area", "32000")
    wait_for(browser, lambda d: "0 处错误" in d.find_element(By.CSS_SELECTOR, "#summary .counts").text
             or d.find_element(By.CSS_SELECTOR, "#summary .counts").text == "填写无误")

    before = set(downloads.iterdir())
    browser.find_element(By.ID, "save-json").click()
    saved = json.loads(downloaded(downloads, ".json", before).read_text(encoding="utf-8"))
    assert saved["provider"]["service_type"] == "logistics" and saved["unit"]["postcode"] == "510700"
    assert "platform" not in saved and "region" not in saved        # hidden blocks are not data

    before = set(downloads.iterdir())
    browser.find_element(By.ID, "download").click()
    archive = zipfile.ZipFile(downloaded(downloads, ".zip", before))
    names = sorted(archive.namelist())
    assert names == ["广州穗通供应链管理有限公司-广东省工业和信息化领域电子商务第三批试点单位申报书.docx",
                     "广州穗通供应链管理有限公司-广东省工业和信息化领域电子商务第三批试点单位申报书.pdf"]
    unpacked = downloads / "unpacked"
    archive.extractall(unpacked)
    for name in names:
        result = parse_file(unpacked / name)
        assert result.form == "pilot-2020" and result.valid
        assert pruned(result.data) == pruned(saved), name


def test_a_rendered_docx_loaded_on_another_forms_page_opens_its_own_form_filled(
        browser: Any, base_url: str, tmp_path: Path) -> None:
    written = render_file(INPUTS / "pilot-2020-provider-finance.json", tmp_path)
    docx = next(p for p in written.paths if p.suffix == ".docx")
    expected = load_json(INPUTS / "pilot-2020-provider-finance.json")
    browser.get(base_url + "/fill/demo-2020")
    upload(browser, "#load-file", [docx])
    wait_for(browser, lambda d: d.current_url.endswith("/fill/pilot-2020")
             and field(d, "unit.name").find_element(By.CSS_SELECTOR, ".value").get_attribute("value"))
    assert field(browser, "unit.name").find_element(By.CSS_SELECTOR, ".value").get_attribute("value") == expected["unit"]["name"]
    assert field(browser, "provider.service_type").find_element(By.CSS_SELECTOR, "input[value=finance]").is_selected()
    assert shown(browser, "provider.finance.payment_license") and not shown(browser, "provider.logistics.warehouse_area")
    assert "Word 文件" in browser.find_element(By.ID, "status").text


def test_repeated_rows_are_filled_and_sent_as_rows(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/fill/summary-2020")
    browser.find_element(By.ID, "fill-sample").click()
    demo = field(browser, "demo")
    first = [i.get_attribute("value") for i in demo.find_elements(By.CSS_SELECTOR, "tbody tr:first-child input")]
    sample = sample_data(load_form("summary-2020"))["demo"][0]
    assert first == [sample["name"], sample["content"], sample["remark"]]
    assert len(demo.find_elements(By.CSS_SELECTOR, "tbody tr")) == load_form("summary-2020").field("demo").min_rows
    demo.find_element(By.CSS_SELECTOR, "tbody tr:nth-child(2) input").send_keys("佛山市某公司")
    message = wait_for(browser, lambda d: field(d, "demo").find_elements(By.CSS_SELECTOR, ".msg.error"))
    assert message[0].text == "错误：示范第 2 行试点（示范）内容：必填，但未填写"
    assert demo.find_element(By.CSS_SELECTOR, 'tbody tr:nth-child(2) input[data-col="content"]').get_attribute("class") == "has-error"


def test_preview_shows_every_page_of_the_pdf(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/fill/case-2024")
    browser.find_element(By.ID, "fill-sample").click()
    first = load_form("case-2024").word_targets[0].fields[0]          # 案例概述 as a whole: 2000 字左右
    warning = wait_for(browser, lambda d: field(d, first).find_elements(By.CSS_SELECTOR, ".msg.warning"))
    assert "要求 2000 字左右" in warning[0].text
    browser.find_element(By.ID, "preview").click()
    images = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#preview-pages img"))
    title = browser.find_element(By.ID, "preview-title").text
    assert f"共 {len(images)} 页" in title and "pypdfium2" in title
    assert images[0].get_attribute("src").startswith("data:image/png;base64,")
    screenshot(browser, "preview", full_height=False)


# ---- 检查 --------------------------------------------------------------------------------------

def _small_body(docx: bytes) -> bytes:
    """Normal style at 小四 (12 pt): every body paragraph too small."""
    return edit_part(docx, "word/styles.xml",
                     lambda styles: set_property(find_style(styles, "Normal"), "w:rPr", "w:sz", val="24"))


def test_check_a_non_compliant_docx_shows_its_findings(browser: Any, base_url: str, tmp_path: Path) -> None:
    written = render_file(INPUTS / "pilot-2020-provider-logistics.json", tmp_path)
    docx = next(p for p in written.paths if p.suffix == ".docx")
    bad = tmp_path / "申报书（字号不对）.docx"
    bad.write_bytes(_small_body(docx.read_bytes()))
    pdf = tmp_path / "小四号的申报书.pdf"
    pdf.write_bytes(small_print_pdf())
    browser.get(base_url + "/check")
    upload(browser, "#files", [pdf, bad])
    reports = wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".report")) == 2
                       and d.find_elements(By.CSS_SELECTOR, ".report"))
    by_file = {r.find_element(By.CSS_SELECTOR, "h2 span").text: r for r in reports}
    report = by_file[bad.name]
    assert "不符合格式要求" in report.find_element(By.CSS_SELECTOR, ".badge").text
    rule = report.find_element(By.CSS_SELECTOR, "details.rule.error summary").text
    assert "font-size.body" in rule and "正文字号应为 14 磅（四号）" in rule
    first = report.find_elements(By.CSS_SELECTOR, "table.findings tbody tr")[0]
    where, expected, actual = (first.find_element(By.CSS_SELECTOR, f"td.{c}").text for c in ("where", "expected", "actual"))
    assert "段" in where and expected == "14 磅（四号）" and actual == "12 磅（小四）"
    # the PDF: its page with the place marked, numbered as in the findings table
    marked = by_file[pdf.name]
    mark = marked.find_element(By.CSS_SELECTOR, ".page .mark")
    assert mark.text == "1" and mark.find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, ".page-no").text == "第 2 页"
    row = marked.find_element(By.XPATH, ".//tr[td[contains(@class, 'where')]/span[@class='marker-ref']]")
    assert "第 2 页“一、单位基本情况”" in row.text and "12 磅（小四）" in row.text
    screenshot(browser, "check")


# ---- 汇总 --------------------------------------------------------------------------------------

def test_collect_three_submissions_correct_a_value_and_download_the_summary(
        browser: Any, base_url: str, downloads: Path, tmp_path: Path) -> None:
    names = ["pilot-2020-provider-logistics.json", "pilot-2020-platform.json", "demo-2020-region.json"]
    small_warehouse = load_json(INPUTS / names[0])
    small_warehouse["provider"]["logistics"]["warehouse_area"] = 1500      # under the 2000 ㎡ of 推荐条件
    sources = [tmp_path / "small-warehouse.json", INPUTS / names[1], INPUTS / names[2]]
    sources[0].write_text(json.dumps(small_warehouse, ensure_ascii=False), encoding="utf-8")
    files = []
    for n, source in enumerate(sources):
        written = render_file(source, tmp_path / str(n))
        files.append(next(p for p in written.paths if p.suffix == (".docx" if n == 1 else ".pdf")))
    browser.get(base_url + "/collect")
    upload(browser, "#files", files)
    wait_for(browser, lambda d: d.find_element(By.ID, "downloads").is_displayed())
    assert "已读取 3 / 3 份" in browser.find_element(By.CSS_SELECTOR, "#progress .text").text
    rows = browser.find_elements(By.CSS_SELECTOR, "table.data tbody tr")
    assert len(rows) == 3
    warned = browser.find_element(By.CSS_SELECTOR, 'td[data-key="provider.logistics.warehouse_area"].warning')
    assert warned.text == "1500" and "低于推荐条件" in warned.get_attribute("title")

    # correct 员工总数 of the platform applicant in the page
    platform = load_json(INPUTS / "pilot-2020-platform.json")
    row = next(r for r in rows if platform["unit"]["name"] in r.text)
    index = row.get_attribute("data-row")
    cell = row.find_element(By.CSS_SELECTOR, 'td[data-key="platform.employees"]')
    assert cell.text == str(platform["platform"]["employees"])
    cell.click()
    box = cell.find_element(By.TAG_NAME, "textarea")
    box.clear()
    box.send_keys("abc", Keys.ENTER)
    wait_for(browser, lambda d: "不是有效的数字" in d.find_element(By.ID, "status").text)
    box.clear()
    box.send_keys("321", Keys.ENTER)
    wait_for(browser, lambda d: d.find_element(
        By.CSS_SELECTOR, f'tr[data-row="{index}"] td[data-key="platform.employees"] .text').text == "321")
    browser.execute_script("const cell = arguments[0]; cell.closest('.table-wrap').scrollLeft = cell.offsetLeft - 500;",
                           browser.find_element(By.CSS_SELECTOR, 'td[data-key="provider.logistics.warehouse_area"]'))
    screenshot(browser, "collect")

    before = set(downloads.iterdir())
    browser.find_element(By.ID, "xlsx").click()
    book = load_workbook(downloaded(downloads, ".xlsx", before))
    assert set(book.sheetnames) == {"pilot-2020", "demo-2020"}
    sheet = book["pilot-2020"]
    header = [c.value for c in sheet[1]]
    table = [dict(zip(header, (c.value for c in r))) for r in sheet.iter_rows(min_row=2)]
    assert len(table) == 2 and book["demo-2020"].max_row == 2
    by_name = {r[load_form("pilot-2020").field("unit.name").label]: r for r in table}
    assert by_name[platform["unit"]["name"]]["员工总数（platform.employees）"] == 321

    before = set(downloads.iterdir())
    browser.find_element(By.ID, "a3-pdf").click()
    summary = parse_file(downloaded(downloads, ".pdf", before))
    assert summary.form == "summary-2020"
    listed = {r["name"] for r in summary.data["pilot"]} | {r["name"] for r in summary.data["demo"]}
    assert listed == {load_json(INPUTS / n)["unit"]["name"] for n in names}
