import contextlib
import io
import unittest
from unittest import mock

import gpu_check


class NoCudaTest(unittest.TestCase):
    def test_without_cuda_it_says_so_and_stops(self):
        err = io.StringIO()
        with mock.patch("torch.cuda.is_available", return_value=False), contextlib.redirect_stderr(err):
            code = gpu_check.main(["--volta", "/nonexistent"])
        self.assertEqual(code, 2)
        self.assertRegex(err.getvalue(), r"^error: no CUDA device: torch\.cuda\.is_available\(\) is false "
                                         r"\(torch [^,]+, CUDA build [^)]+\); run this on a machine with a CUDA GPU")
        self.assertEqual(len(err.getvalue().splitlines()), 1)
