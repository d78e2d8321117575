"""What a user does in the browser, written once for the journeys."""


def pick(page, select, typed: str, label: str) -> None:
    """Choose `label` in a searchable picker (Tom Select over `select`) by typing `typed`,
    as a user does; accents are not needed ("tai chinh" finds "Sở Tài chính")."""
    wrapper = select.locator("xpath=following-sibling::div[contains(@class,'ts-wrapper')][1]")
    wrapper.locator(".ts-control").click()
    control = wrapper.locator("input")
    control.fill(typed)
    option = page.locator(".ts-dropdown:visible .option", has_text=label).first
    option.click()
    page.keyboard.press("Escape")
