"""The admin password: guessing gets slower with every wrong try."""

from brannsam import access


def test_wrong_passwords_make_the_wait_grow_and_a_right_one_resets_it():
    attempts = access.Attempts()
    for _ in range(access.FREE_TRIES - 1):
        attempts.failed(now=0.0)
    assert attempts.wait(0.0) == 0
    attempts.failed(now=0.0)
    assert attempts.wait(0.0) == access.FIRST_WAIT_S
    attempts.failed(now=100.0)
    assert attempts.wait(100.0) == 2 * access.FIRST_WAIT_S
    for _ in range(50):
        attempts.failed(now=100.0)
    assert attempts.wait(100.0) == access.LONGEST_WAIT_S
    attempts.succeeded()
    assert attempts.wait(100.0) == 0
