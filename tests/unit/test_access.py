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


def test_the_count_follows_the_client_not_the_session():
    guard = access.Limiter()
    for _ in range(access.FREE_TRIES):
        guard.failed("10.0.0.5", now=0.0)
    assert guard.wait("10.0.0.5", 1.0) > 0  # a reload is the same client
    assert guard.wait("10.0.0.6", 1.0) == 0  # another client is not held back for it
    guard.succeeded("10.0.0.5")
    assert guard.wait("10.0.0.5", 1.0) == 0


def test_many_addresses_still_meet_a_wait_over_the_whole_server():
    guard = access.Limiter()
    for n in range(access.FREE_TRIES_OVERALL):
        guard.failed(f"10.0.1.{n}", now=0.0)  # each address below its own limit
    assert guard.wait("10.0.9.9", 1.0) > 0


def test_a_count_fades_with_time_and_a_right_password_clears_the_server_count():
    """A room of phones typing wrong passwords in the morning does not lock the facilitator out
    in the afternoon, and the facilitator's right password starts the server's count afresh."""
    guard = access.Limiter()
    for n in range(access.FREE_TRIES_OVERALL):
        guard.failed(f"10.0.1.{n}", now=0.0)
    assert guard.overall.failures == access.FREE_TRIES_OVERALL
    later = access.FORGET_AFTER_S + 1
    guard.failed("10.0.2.1", now=later)  # the old tries are forgotten: one in the window
    assert guard.overall.failures == 1
    assert guard.wait("10.0.2.2", later) == 0
    for _ in range(5):
        guard.failed("10.0.3.1", now=later)
    guard.succeeded("10.0.3.1")
    assert guard.overall.failures == 0 and guard.wait("10.0.3.1", later) == 0
