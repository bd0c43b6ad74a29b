"""Run Python with every network call made fatal: `python no_network.py -m MODULE ARGS…` or `-c CODE ARGS…`.

An audit hook sees each socket call before it happens. It exits at once rather than raising,
because the code under test could catch an exception and carry on unnoticed.
"""

import os
import runpy
import sys

NETWORK_EVENTS = frozenset({
    "socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
    "socket.gethostbyname", "socket.gethostbyaddr", "urllib.Request",
})
EXIT_ON_NETWORK = 97


def _refuse_network(event: str, args: tuple) -> None:
    if event in NETWORK_EVENTS:
        os.write(2, f"network use: {event} {args!r}\n".encode())
        os._exit(EXIT_ON_NETWORK)


if __name__ == "__main__":
    sys.addaudithook(_refuse_network)
    mode, target, *arguments = sys.argv[1:]
    if mode == "-m":
        sys.path[0] = os.getcwd()  # as `python -m` does
        sys.argv = [target, *arguments]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    else:
        sys.argv = ["-c", *arguments]
        exec(compile(target, "<no_network -c>", "exec"), {"__name__": "__main__"})
