"""The `packaging` marker: tests that build the standalone bundle (minutes; `-m "not packaging"` skips them)."""


def pytest_configure(config):
    config.addinivalue_line("markers", "packaging: builds the PyInstaller bundle once, then runs it")
