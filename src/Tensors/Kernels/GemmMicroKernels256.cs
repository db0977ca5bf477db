// Register-tiled micro-kernels, fully unrolled so the JIT keeps every accumulator of the tile in a vector register.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralCore.Tensors;

/// <summary>Single precision, 6 x 16 tile in 12 ymm accumulators (AVX2 + FMA: 16 vector registers).</summary>
internal readonly unsafe struct SgemmKernel256 : IGemmMicroKernel<float>
{
    public static int Rows => 6;

    public static int Columns => 16;

    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float beta)
    {
        Vector256<float> c0_0 = default, c0_1 = default;
        Vector256<float> c1_0 = default, c1_1 = default;
        Vector256<float> c2_0 = default, c2_1 = default;
        Vector256<float> c3_0 = default, c3_1 = default;
        Vector256<float> c4_0 = default, c4_1 = default;
        Vector256<float> c5_0 = default, c5_1 = default;
        // Bring the C tile toward L1 while the FMAs run: it is written (and read when beta != 0) at the end.
        if (Sse.IsSupported)
        {
            byte* line = (byte*)c;
            for (int i = 0; i < 6; i++, line += ldc * sizeof(float))
            {
                Sse.Prefetch0(line);
                Sse.Prefetch0(line + 16 * sizeof(float) - 1);
            }
        }
        for (int p = 0; p < kc; p++)
        {
            if (Sse.IsSupported) Sse.Prefetch0(b + 128);
            Vector256<float> b0 = Vector256.Load(b + 0);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> ai;
            ai = Vector256.Create(a[0]); c0_0 = Vector256.MultiplyAddEstimate(ai, b0, c0_0); c0_1 = Vector256.MultiplyAddEstimate(ai, b1, c0_1);
            ai = Vector256.Create(a[1]); c1_0 = Vector256.MultiplyAddEstimate(ai, b0, c1_0); c1_1 = Vector256.MultiplyAddEstimate(ai, b1, c1_1);
            ai = Vector256.Create(a[2]); c2_0 = Vector256.MultiplyAddEstimate(ai, b0, c2_0); c2_1 = Vector256.MultiplyAddEstimate(ai, b1, c2_1);
            ai = Vector256.Create(a[3]); c3_0 = Vector256.MultiplyAddEstimate(ai, b0, c3_0); c3_1 = Vector256.MultiplyAddEstimate(ai, b1, c3_1);
            ai = Vector256.Create(a[4]); c4_0 = Vector256.MultiplyAddEstimate(ai, b0, c4_0); c4_1 = Vector256.MultiplyAddEstimate(ai, b1, c4_1);
            ai = Vector256.Create(a[5]); c5_0 = Vector256.MultiplyAddEstimate(ai, b0, c5_0); c5_1 = Vector256.MultiplyAddEstimate(ai, b1, c5_1);
            a += 6;
            b += 16;
        }

        // beta == 0 must not read C: it may hold garbage or NaN (BLAS semantics).
        if (beta == 0)
        {
            c0_0.Store(c + 0); c0_1.Store(c + 8); c += ldc;
            c1_0.Store(c + 0); c1_1.Store(c + 8); c += ldc;
            c2_0.Store(c + 0); c2_1.Store(c + 8); c += ldc;
            c3_0.Store(c + 0); c3_1.Store(c + 8); c += ldc;
            c4_0.Store(c + 0); c4_1.Store(c + 8); c += ldc;
            c5_0.Store(c + 0); c5_1.Store(c + 8);
        }
        else
        {
            Vector256<float> vb = Vector256.Create(beta);
            Vector256.MultiplyAddEstimate(Vector256.Load(c + 0), vb, c0_0).Store(c + 0); Vector256.MultiplyAddEstimate(Vector256.Load(c + 8), vb, c0_1).Store(c + 8); c += ldc;
            Vector256.MultiplyAddEstimate(Vector256.Load(c + 0), vb, c1_0).Store(c + 0); Vector256.MultiplyAddEstimate(Vector256.Load(c + 8), vb, c1_1).Store(c + 8); c += ldc;
            Vector256.MultiplyAddEstimate(Vector256.Load(c + 0), vb, c2_0).Store(c + 0); Vector256.MultiplyAddEstimate(Vector256.Load(c + 8), vb, c2_1).Store(c + 8); c += ldc;
            Vector256.MultiplyAddEstimate(Vector256.Load(c + 0), vb, c3_0).Store(c + 0); Vector256.MultiplyAddEstimate(Vector256.Load(c + 8), vb, c3_1).Store(c + 8); c += ldc;
            Vector256.MultiplyAddEstimate(Vector256.Load(c + 0), vb, c4_0).Store(c + 0); Vector256.MultiplyAddEstimate(Vector256.Load(c + 8), vb, c4_1).Store(c + 8); c += ldc;
            Vector256.MultiplyAddEstimate(Vector256.Load(c + 0), vb, c5_0).Store(c + 0); Vector256.MultiplyAddEstimate(Vector256.Load(c + 8), vb, c5_1).Store(c + 8);
        }
    }
}

/// <summary>Double precision, 6 x 8 tile in 12 ymm accumulators.</summary>
internal readonly unsafe struct DgemmKernel256 : IGemmMicroKernel<double>
{
    public static int Rows => 6;

    public static int Columns => 8;

    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, double* a, double* b, double* c, nint ldc, double beta)
    {
        Vector256<double> c0_0 = default, c0_1 = default;
        Vector256<double> c1_0 = default, c1_1 = default;
        Vector256<double> c2_0 = default, c2_1 = default;
        Vector256<double> c3_0 = default, c3_1 = default;
        Vector256<double> c4_0 = default, c4_1 = default;
        Vector256<double> c5_0 = default, c5_1 = default;
        // Bring the C tile toward L1 while the FMAs run: it is written (and read when beta != 0) at the end.
        if (Sse.IsSupported)
        {
            byte* line = (byte*)c;
            for (int i = 0; i < 6; i++, line += ldc * sizeof(double))
            {
                Sse.Prefetch0(line);
                Sse.Prefetch0(line + 8 * sizeof(double) - 1);
            }
        }
        for (int p = 0; p < kc; p++)
        {
            if (Sse.IsSupported) Sse.Prefetch0(b + 64);
            Vector256<double> b0 = Vector256.Load(b + 0);
            Vector256<double> b1 = Vector256.Load(b + 4);
            Vector256<double> ai;
            ai = Vector256.Create(a[0]); c0_0 = Vector256.MultiplyAddEstimate(ai, b0, c0_0); c0_1 = Vector256.MultiplyAddEstimate(ai, b1, c0_1);
            ai = Vector256.Create(a[1]); c1_0 = Vector256.MultiplyAddEstimate(ai, b0, c1_0); c1_1 = Vector256.MultiplyAddEstimate(ai, b1, c1_1);
            ai = Vector256.Create(a[2]); c2_0 = Vector256.MultiplyAddEstimate(ai, b0, c2_0); c2_1 = Vector256.MultiplyAddEstimate(ai, b1, c2_1);
            ai = Vector256.Create(a[3]); c3_0 = Vector256.MultiplyAddEstimate(ai, b0, c3_0); c3_1 = Vector256.MultiplyAddEstimate(ai, b1, c3_1);
            ai = Vector256.Create(a[4]); c4_0 = Vector256.MultiplyAddEstimate(ai, b0, c4_0); c4_1 = Vector256.MultiplyAddEstimate(ai, b1, c4_1);
            ai = Vector256.Create(a[5]); c5_0 = Vector256.MultiplyAddEstimate(ai, b0, c5_0); c5_1 = Vector256.MultiplyAddEstimate(ai, b1, c5_1);
            a += 6;
            b += 8;
        }

        // beta == 0 must not read C: it may hold garbage or NaN (BLAS semantics).
        if (beta == 0)
        {
            c0_0.Store(c + 0); c0_1.Store(c + 4); c += ldc;
            c1_0.Store(c + 0); c1_1.Store(c + 4); c += ldc;
            c2_0.Store(c + 0); c2_1.Store(c + 4); c += ldc;
            c3_0.Store(c + 0); c3_1.Store(c + 4); c += ldc;
            c4_0.Store(c + 0); c4_1.Store(c + 4); c += ldc;
            c5_0.Store(c + 0); c5_1.Store(c + 4);
        }
        else
        {
            Vector256<double> vb = Vector256.Create(beta);
            Vector256.MultiplyAddEstimate(Vector256.Load(c + 0), vb, c0_0).Store(c + 0); Vector256.MultiplyAddEstimate(Vector256.Load(c + 4), vb, c0_1).Store(c + 4); c += ldc;
            Vector256.MultiplyAddEstimate(Vector256.Load(c + 0), vb, c1_0).Store(c + 0); Vector256.MultiplyAddEstimate(Vector256.Load(c + 4), vb, c1_1).Store(c + 4); c += ldc;
            Vector256.MultiplyAddEstimate(Vector256.Load(c + 0), vb, c2_0).Store(c + 0); Vector256.MultiplyAddEstimate(Vector256.Load(c + 4), vb, c2_1).Store(c + 4); c += ldc;
            Vector256.MultiplyAddEstimate(Vector256.Load(c + 0), vb, c3_0).Store(c + 0); Vector256.MultiplyAddEstimate(Vector256.Load(c + 4), vb, c3_1).Store(c + 4); c += ldc;
            Vector256.MultiplyAddEstimate(Vector256.Load(c + 0), vb, c4_0).Store(c + 0); Vector256.MultiplyAddEstimate(Vector256.Load(c + 4), vb, c4_1).Store(c + 4); c += ldc;
            Vector256.MultiplyAddEstimate(Vector256.Load(c + 0), vb, c5_0).Store(c + 0); Vector256.MultiplyAddEstimate(Vector256.Load(c + 4), vb, c5_1).Store(c + 4);
        }
    }
}
