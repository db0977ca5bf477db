// Register-tiled micro-kernels, fully unrolled so the JIT keeps every accumulator of the tile in a vector register.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralCore.Tensors;

/// <summary>Single precision, 14 x 32 tile in 28 zmm accumulators (AVX-512: 32 vector registers).</summary>
internal readonly unsafe struct SgemmKernel512 : IGemmMicroKernel<float>
{
    public static int Rows => 14;

    public static int Columns => 32;

    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float beta)
    {
        Vector512<float> c0_0 = default, c0_1 = default;
        Vector512<float> c1_0 = default, c1_1 = default;
        Vector512<float> c2_0 = default, c2_1 = default;
        Vector512<float> c3_0 = default, c3_1 = default;
        Vector512<float> c4_0 = default, c4_1 = default;
        Vector512<float> c5_0 = default, c5_1 = default;
        Vector512<float> c6_0 = default, c6_1 = default;
        Vector512<float> c7_0 = default, c7_1 = default;
        Vector512<float> c8_0 = default, c8_1 = default;
        Vector512<float> c9_0 = default, c9_1 = default;
        Vector512<float> c10_0 = default, c10_1 = default;
        Vector512<float> c11_0 = default, c11_1 = default;
        Vector512<float> c12_0 = default, c12_1 = default;
        Vector512<float> c13_0 = default, c13_1 = default;
        // Bring the C tile toward L1 while the FMAs run: it is written (and read when beta != 0) at the end.
        if (Sse.IsSupported)
        {
            byte* line = (byte*)c;
            for (int i = 0; i < 14; i++, line += ldc * sizeof(float))
            {
                Sse.Prefetch0(line);
                Sse.Prefetch0(line + 32 * sizeof(float) - 1);
            }
        }
        for (int p = 0; p < kc; p++)
        {
            if (Sse.IsSupported) Sse.Prefetch0(b + 256);
            if (Sse.IsSupported) Sse.Prefetch0(b + 272);
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> ai;
            ai = Vector512.Create(a[0]); c0_0 = Vector512.MultiplyAddEstimate(ai, b0, c0_0); c0_1 = Vector512.MultiplyAddEstimate(ai, b1, c0_1);
            ai = Vector512.Create(a[1]); c1_0 = Vector512.MultiplyAddEstimate(ai, b0, c1_0); c1_1 = Vector512.MultiplyAddEstimate(ai, b1, c1_1);
            ai = Vector512.Create(a[2]); c2_0 = Vector512.MultiplyAddEstimate(ai, b0, c2_0); c2_1 = Vector512.MultiplyAddEstimate(ai, b1, c2_1);
            ai = Vector512.Create(a[3]); c3_0 = Vector512.MultiplyAddEstimate(ai, b0, c3_0); c3_1 = Vector512.MultiplyAddEstimate(ai, b1, c3_1);
            ai = Vector512.Create(a[4]); c4_0 = Vector512.MultiplyAddEstimate(ai, b0, c4_0); c4_1 = Vector512.MultiplyAddEstimate(ai, b1, c4_1);
            ai = Vector512.Create(a[5]); c5_0 = Vector512.MultiplyAddEstimate(ai, b0, c5_0); c5_1 = Vector512.MultiplyAddEstimate(ai, b1, c5_1);
            ai = Vector512.Create(a[6]); c6_0 = Vector512.MultiplyAddEstimate(ai, b0, c6_0); c6_1 = Vector512.MultiplyAddEstimate(ai, b1, c6_1);
            ai = Vector512.Create(a[7]); c7_0 = Vector512.MultiplyAddEstimate(ai, b0, c7_0); c7_1 = Vector512.MultiplyAddEstimate(ai, b1, c7_1);
            ai = Vector512.Create(a[8]); c8_0 = Vector512.MultiplyAddEstimate(ai, b0, c8_0); c8_1 = Vector512.MultiplyAddEstimate(ai, b1, c8_1);
            ai = Vector512.Create(a[9]); c9_0 = Vector512.MultiplyAddEstimate(ai, b0, c9_0); c9_1 = Vector512.MultiplyAddEstimate(ai, b1, c9_1);
            ai = Vector512.Create(a[10]); c10_0 = Vector512.MultiplyAddEstimate(ai, b0, c10_0); c10_1 = Vector512.MultiplyAddEstimate(ai, b1, c10_1);
            ai = Vector512.Create(a[11]); c11_0 = Vector512.MultiplyAddEstimate(ai, b0, c11_0); c11_1 = Vector512.MultiplyAddEstimate(ai, b1, c11_1);
            ai = Vector512.Create(a[12]); c12_0 = Vector512.MultiplyAddEstimate(ai, b0, c12_0); c12_1 = Vector512.MultiplyAddEstimate(ai, b1, c12_1);
            ai = Vector512.Create(a[13]); c13_0 = Vector512.MultiplyAddEstimate(ai, b0, c13_0); c13_1 = Vector512.MultiplyAddEstimate(ai, b1, c13_1);
            a += 14;
            b += 32;
        }

        // beta == 0 must not read C: it may hold garbage or NaN (BLAS semantics).
        if (beta == 0)
        {
            c0_0.Store(c + 0); c0_1.Store(c + 16); c += ldc;
            c1_0.Store(c + 0); c1_1.Store(c + 16); c += ldc;
            c2_0.Store(c + 0); c2_1.Store(c + 16); c += ldc;
            c3_0.Store(c + 0); c3_1.Store(c + 16); c += ldc;
            c4_0.Store(c + 0); c4_1.Store(c + 16); c += ldc;
            c5_0.Store(c + 0); c5_1.Store(c + 16); c += ldc;
            c6_0.Store(c + 0); c6_1.Store(c + 16); c += ldc;
            c7_0.Store(c + 0); c7_1.Store(c + 16); c += ldc;
            c8_0.Store(c + 0); c8_1.Store(c + 16); c += ldc;
            c9_0.Store(c + 0); c9_1.Store(c + 16); c += ldc;
            c10_0.Store(c + 0); c10_1.Store(c + 16); c += ldc;
            c11_0.Store(c + 0); c11_1.Store(c + 16); c += ldc;
            c12_0.Store(c + 0); c12_1.Store(c + 16); c += ldc;
            c13_0.Store(c + 0); c13_1.Store(c + 16);
        }
        else
        {
            Vector512<float> vb = Vector512.Create(beta);
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c0_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 16), vb, c0_1).Store(c + 16); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c1_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 16), vb, c1_1).Store(c + 16); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c2_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 16), vb, c2_1).Store(c + 16); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c3_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 16), vb, c3_1).Store(c + 16); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c4_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 16), vb, c4_1).Store(c + 16); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c5_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 16), vb, c5_1).Store(c + 16); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c6_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 16), vb, c6_1).Store(c + 16); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c7_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 16), vb, c7_1).Store(c + 16); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c8_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 16), vb, c8_1).Store(c + 16); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c9_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 16), vb, c9_1).Store(c + 16); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c10_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 16), vb, c10_1).Store(c + 16); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c11_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 16), vb, c11_1).Store(c + 16); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c12_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 16), vb, c12_1).Store(c + 16); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c13_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 16), vb, c13_1).Store(c + 16);
        }
    }
}

/// <summary>Double precision, 14 x 16 tile in 28 zmm accumulators.</summary>
internal readonly unsafe struct DgemmKernel512 : IGemmMicroKernel<double>
{
    public static int Rows => 14;

    public static int Columns => 16;

    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, double* a, double* b, double* c, nint ldc, double beta)
    {
        Vector512<double> c0_0 = default, c0_1 = default;
        Vector512<double> c1_0 = default, c1_1 = default;
        Vector512<double> c2_0 = default, c2_1 = default;
        Vector512<double> c3_0 = default, c3_1 = default;
        Vector512<double> c4_0 = default, c4_1 = default;
        Vector512<double> c5_0 = default, c5_1 = default;
        Vector512<double> c6_0 = default, c6_1 = default;
        Vector512<double> c7_0 = default, c7_1 = default;
        Vector512<double> c8_0 = default, c8_1 = default;
        Vector512<double> c9_0 = default, c9_1 = default;
        Vector512<double> c10_0 = default, c10_1 = default;
        Vector512<double> c11_0 = default, c11_1 = default;
        Vector512<double> c12_0 = default, c12_1 = default;
        Vector512<double> c13_0 = default, c13_1 = default;
        // Bring the C tile toward L1 while the FMAs run: it is written (and read when beta != 0) at the end.
        if (Sse.IsSupported)
        {
            byte* line = (byte*)c;
            for (int i = 0; i < 14; i++, line += ldc * sizeof(double))
            {
                Sse.Prefetch0(line);
                Sse.Prefetch0(line + 16 * sizeof(double) - 1);
            }
        }
        for (int p = 0; p < kc; p++)
        {
            if (Sse.IsSupported) Sse.Prefetch0(b + 128);
            if (Sse.IsSupported) Sse.Prefetch0(b + 136);
            Vector512<double> b0 = Vector512.Load(b + 0);
            Vector512<double> b1 = Vector512.Load(b + 8);
            Vector512<double> ai;
            ai = Vector512.Create(a[0]); c0_0 = Vector512.MultiplyAddEstimate(ai, b0, c0_0); c0_1 = Vector512.MultiplyAddEstimate(ai, b1, c0_1);
            ai = Vector512.Create(a[1]); c1_0 = Vector512.MultiplyAddEstimate(ai, b0, c1_0); c1_1 = Vector512.MultiplyAddEstimate(ai, b1, c1_1);
            ai = Vector512.Create(a[2]); c2_0 = Vector512.MultiplyAddEstimate(ai, b0, c2_0); c2_1 = Vector512.MultiplyAddEstimate(ai, b1, c2_1);
            ai = Vector512.Create(a[3]); c3_0 = Vector512.MultiplyAddEstimate(ai, b0, c3_0); c3_1 = Vector512.MultiplyAddEstimate(ai, b1, c3_1);
            ai = Vector512.Create(a[4]); c4_0 = Vector512.MultiplyAddEstimate(ai, b0, c4_0); c4_1 = Vector512.MultiplyAddEstimate(ai, b1, c4_1);
            ai = Vector512.Create(a[5]); c5_0 = Vector512.MultiplyAddEstimate(ai, b0, c5_0); c5_1 = Vector512.MultiplyAddEstimate(ai, b1, c5_1);
            ai = Vector512.Create(a[6]); c6_0 = Vector512.MultiplyAddEstimate(ai, b0, c6_0); c6_1 = Vector512.MultiplyAddEstimate(ai, b1, c6_1);
            ai = Vector512.Create(a[7]); c7_0 = Vector512.MultiplyAddEstimate(ai, b0, c7_0); c7_1 = Vector512.MultiplyAddEstimate(ai, b1, c7_1);
            ai = Vector512.Create(a[8]); c8_0 = Vector512.MultiplyAddEstimate(ai, b0, c8_0); c8_1 = Vector512.MultiplyAddEstimate(ai, b1, c8_1);
            ai = Vector512.Create(a[9]); c9_0 = Vector512.MultiplyAddEstimate(ai, b0, c9_0); c9_1 = Vector512.MultiplyAddEstimate(ai, b1, c9_1);
            ai = Vector512.Create(a[10]); c10_0 = Vector512.MultiplyAddEstimate(ai, b0, c10_0); c10_1 = Vector512.MultiplyAddEstimate(ai, b1, c10_1);
            ai = Vector512.Create(a[11]); c11_0 = Vector512.MultiplyAddEstimate(ai, b0, c11_0); c11_1 = Vector512.MultiplyAddEstimate(ai, b1, c11_1);
            ai = Vector512.Create(a[12]); c12_0 = Vector512.MultiplyAddEstimate(ai, b0, c12_0); c12_1 = Vector512.MultiplyAddEstimate(ai, b1, c12_1);
            ai = Vector512.Create(a[13]); c13_0 = Vector512.MultiplyAddEstimate(ai, b0, c13_0); c13_1 = Vector512.MultiplyAddEstimate(ai, b1, c13_1);
            a += 14;
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
            c5_0.Store(c + 0); c5_1.Store(c + 8); c += ldc;
            c6_0.Store(c + 0); c6_1.Store(c + 8); c += ldc;
            c7_0.Store(c + 0); c7_1.Store(c + 8); c += ldc;
            c8_0.Store(c + 0); c8_1.Store(c + 8); c += ldc;
            c9_0.Store(c + 0); c9_1.Store(c + 8); c += ldc;
            c10_0.Store(c + 0); c10_1.Store(c + 8); c += ldc;
            c11_0.Store(c + 0); c11_1.Store(c + 8); c += ldc;
            c12_0.Store(c + 0); c12_1.Store(c + 8); c += ldc;
            c13_0.Store(c + 0); c13_1.Store(c + 8);
        }
        else
        {
            Vector512<double> vb = Vector512.Create(beta);
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c0_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 8), vb, c0_1).Store(c + 8); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c1_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 8), vb, c1_1).Store(c + 8); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c2_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 8), vb, c2_1).Store(c + 8); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c3_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 8), vb, c3_1).Store(c + 8); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c4_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 8), vb, c4_1).Store(c + 8); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c5_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 8), vb, c5_1).Store(c + 8); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c6_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 8), vb, c6_1).Store(c + 8); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c7_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 8), vb, c7_1).Store(c + 8); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c8_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 8), vb, c8_1).Store(c + 8); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c9_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 8), vb, c9_1).Store(c + 8); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c10_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 8), vb, c10_1).Store(c + 8); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c11_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 8), vb, c11_1).Store(c + 8); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c12_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 8), vb, c12_1).Store(c + 8); c += ldc;
            Vector512.MultiplyAddEstimate(Vector512.Load(c + 0), vb, c13_0).Store(c + 0); Vector512.MultiplyAddEstimate(Vector512.Load(c + 8), vb, c13_1).Store(c + 8);
        }
    }
}
