"""Small helpers shared by the AppTest page tests."""


def set_sliders(at, prefix: str, value: float) -> None:
    """Set every slider whose key starts with `prefix` (the next run applies them)."""
    for slider in at.slider:
        if slider.key and slider.key.startswith(prefix):
            slider.set_value(value)


def slider(at, prefix: str):
    """The slider whose key starts with `prefix` (keys carry a version suffix on some pages)."""
    return next(s for s in at.slider if s.key and s.key.startswith(prefix))
