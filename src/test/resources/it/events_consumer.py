"""An SMTP-side consumer in Python (Debian python3-stomp / python3-qpid-proton): prints SUBSCRIBED once it listens,
then the body of the first event it receives on perdition.auth. Usage: events_consumer.py stomp|amqp PORT USER PASSWORD"""
import sys
import time

protocol, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

if protocol == "stomp":
    import stomp

    class Listener(stomp.ConnectionListener):
        def __init__(self):
            self.bodies = []

        def on_message(self, frame):
            self.bodies.append(frame.body)

    connection = stomp.Connection([("127.0.0.1", port)])
    listener = Listener()
    connection.set_listener("", listener)
    connection.connect(user, password, wait=True)
    connection.subscribe(destination="perdition.auth", id=1, ack="auto")
    time.sleep(0.5)  # SUBSCRIBE has no receipt here; give the broker a moment to bind the subscription
    print("SUBSCRIBED", flush=True)
    deadline = time.time() + 60
    while not listener.bodies and time.time() < deadline:
        time.sleep(0.05)
    print(listener.bodies[0] if listener.bodies else "NONE", flush=True)
    connection.disconnect()
else:
    from proton.utils import BlockingConnection

    connection = BlockingConnection("amqp://127.0.0.1:%d" % port, user=user, password=password,
                                    allowed_mechs="PLAIN")
    receiver = connection.create_receiver("perdition.auth")
    print("SUBSCRIBED", flush=True)
    message = receiver.receive(timeout=60)
    receiver.accept()
    print(message.body, flush=True)
    connection.close()
