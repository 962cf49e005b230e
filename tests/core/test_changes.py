from rehearsal.changes import EVERYTHING, ChangeHub, Changes


def test_changes_combine_and_say_what_they_touch() -> None:
    a = Changes.of(plans=["p1"], programs=["g"])
    b = Changes.of(review=["r1"], settings=True)
    both = a | b
    assert both.touches_plan("p1") and not both.touches_plan("p2")
    assert both.touches_review("r1") and not both.touches_rehearsal("r1")
    assert both.settings and both.touches_program("g")
    assert not Changes() and both
    assert EVERYTHING.touches_plan("anything") and EVERYTHING.touches_review("x")


def test_the_hub_tells_subscribers_until_they_leave() -> None:
    hub = ChangeHub()
    heard: list[Changes] = []
    leave = hub.subscribe(heard.append)
    hub.publish(Changes.of(plans=["p"]))
    hub.publish(Changes())  # nothing changed: nobody is told
    leave()
    hub.publish(Changes.of(plans=["q"]))
    assert heard == [Changes.of(plans=["p"])]
