using System.Numerics;

namespace NeuralCore.Tensors;

/// <summary>Portable 4 x 4 micro-kernel for CPUs without accelerated vectors (and as the reference
/// the vector kernels are tested against).</summary>
internal readonly unsafe struct ScalarGemmKernel<T> : IGemmMicroKernel<T> where T : unmanaged, INumber<T>
{
    private const int TileRows = 4, TileColumns = 4;

    public static int Rows => TileRows;

    public static int Columns => TileColumns;

    public static bool IsSupported => true;

    public static void Run(int kc, T* a, T* b, T* c, nint ldc, T beta)
    {
        T* acc = stackalloc T[TileRows * TileColumns];
        for (int i = 0; i < TileRows * TileColumns; i++)
            acc[i] = T.Zero;
        for (int p = 0; p < kc; p++, a += TileRows, b += TileColumns)
            for (int i = 0; i < TileRows; i++)
            {
                T ai = a[i];
                for (int j = 0; j < TileColumns; j++)
                    acc[i * TileColumns + j] += ai * b[j];
            }
        bool readC = !T.IsZero(beta);
        for (int i = 0; i < TileRows; i++, c += ldc)
            for (int j = 0; j < TileColumns; j++)
                c[j] = readC ? acc[i * TileColumns + j] + beta * c[j] : acc[i * TileColumns + j];
    }
}
