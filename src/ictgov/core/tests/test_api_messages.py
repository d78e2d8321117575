"""The API answers bad input in Vietnamese, down to each field's message."""

import pytest

pytestmark = pytest.mark.django_db


def test_each_fields_message_is_vietnamese_and_keeps_its_type(client_for):
    response = client_for("chuyenvien").get("/api/v1/directives/tasks", {"page": "abc"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dữ liệu gửi lên không hợp lệ."
    (error,) = body["errors"]
    assert error["type"] == "int_parsing"
    assert error["msg"] == "Phải là số nguyên."


def test_a_limit_is_named_in_the_message():
    from ictgov.api import vietnamese_error

    too_long = {
        "type": "string_too_long",
        "loc": ["body", "title"],
        "msg": "String should have at most 500 characters",
        "ctx": {"max_length": 500},
    }  # noqa: E501
    assert vietnamese_error(too_long)["msg"] == "Dài quá 500 ký tự."
    ours = {"type": "value_error", "msg": "Value error, Số văn bản không đúng dạng."}
    assert vietnamese_error(ours)["msg"] == "Số văn bản không đúng dạng."
    unknown = {"type": "something_new", "msg": "As pydantic says"}
    assert vietnamese_error(unknown)["msg"] == "As pydantic says"
