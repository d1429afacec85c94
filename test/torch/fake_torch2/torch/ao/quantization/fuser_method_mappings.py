"""Fake fuser_method_mappings with the post-#90698 private wrappers
(reference section 2.2), named so that they print as --emit=json writes them."""


def _name(fn, text):
    fn.__module__ = __name__
    fn.__qualname__ = fn.__name__ = text
    return fn


def _sequential_wrapper2(sequential):
    def fuser_method(is_qat, m1, m2):
        return sequential(m1, m2)
    return _name(fuser_method, "_sequential_wrapper2(%s.%s)" % (sequential.__module__, sequential.__qualname__))


def _reverse2(f):
    def reversed(is_qat, x, y):
        return f(is_qat, y, x)
    return reversed


def _reverse3(f):
    def reversed(is_qat, x, w):
        y, z = w
        return f(is_qat, z, y, x)
    return reversed
