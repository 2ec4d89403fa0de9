"""Takes the README's screenshots from a running `make demo` with headless Chromium.

    pip install selenium && python3 docs/screenshots.py [console-url] [api-url]
"""
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

console = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
api = sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8787/api/v3"
out = "docs/screenshots"

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900"]:
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def by_testid(testid, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        found = driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]')
        if found:
            return found[0]
        time.sleep(0.1)
    raise TimeoutError(testid)


def shot(name, width=1280, height=900):
    driver.set_window_size(width, height)
    time.sleep(0.6)
    driver.save_screenshot(f"{out}/{name}.png")
    print(f"wrote {out}/{name}.png")


def go(path):
    # Navigate inside the app, so the in-memory connection survives.
    driver.execute_script("history.pushState(null, '', arguments[0]); dispatchEvent(new PopStateEvent('popstate'))", path)


try:
    driver.get(console + "/")
    shot("connect")
    by_testid("base-url").send_keys(api)
    by_testid("token").send_keys("sandbox-admin")
    by_testid("connect").click()
    by_testid("connected")
    time.sleep(0.5)
    go("/orgs/acme-platform/runners")
    by_testid("runner-row")
    shot("runners-org")
    shot("runners-org-mobile", 390, 844)
    go("/orgs/acme-platform/runners/7")
    by_testid("runner-title")
    shot("runner")
    go("/orgs/acme-platform/runners/new")
    by_testid("create-registration-token").click()
    by_testid("setup-script")
    shot("add-runner")
    for extra in sys.argv[3:]:
        path, name = extra.split("=")
        go(path)
        time.sleep(1.5)
        shot(name)
finally:
    driver.quit()
