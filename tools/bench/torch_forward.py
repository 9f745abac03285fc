"""Times forward passes of a TorchScript model in this Python's PyTorch, on random inputs of the contract's
shapes, the way `xmodal benchmark` does in DJL: same batch, lengths and thread count, median of the calls.

    /usr/bin/python3 tools/bench/torch_forward.py --model demo/models/demo-single.pt --feat 32 --locs 5 --threads 2
"""
import argparse
import statistics
import time

import torch


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--length", type=int, default=38)
    ap.add_argument("--rows", type=int, default=17)
    ap.add_argument("--feat", type=int, required=True)
    ap.add_argument("--locs", type=int, default=5)
    ap.add_argument("--vocab", type=int, default=200)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--calls", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--matmul", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(7)
    model = torch.jit.load(a.model).eval()
    b, length, rows = a.batch_size, a.length, a.rows
    inputs = (torch.randint(5, a.vocab, (b, length)), torch.zeros(b, length, dtype=torch.long),
              torch.ones(b, length, dtype=torch.long), torch.randn(b, rows, a.feat), torch.rand(b, rows, a.locs),
              torch.ones(b, rows, dtype=torch.long))
    times = []
    with torch.no_grad():
        for i in range(a.warmup + a.calls):
            start = time.perf_counter()
            model(*inputs)
            if i >= a.warmup:
                times.append((time.perf_counter() - start) * 1000)
        median = statistics.median(times)
        print(f"forward_ms_median={median:.3f}")
        print(f"forward_ms_mean={statistics.mean(times):.3f}")
        print(f"forward_per_s={b * 1000 / median:.1f}")
        if a.matmul:
            x, y = torch.randn(a.matmul, a.matmul), torch.randn(a.matmul, a.matmul)
            ts = []
            for i in range(13):
                start = time.perf_counter()
                x @ y
                if i >= 3:
                    ts.append(time.perf_counter() - start)
            print(f"matmul_gflops={2 * a.matmul ** 3 / statistics.median(ts) / 1e9:.2f}")


if __name__ == "__main__":
    main()
