using System.Numerics;
using System.Numerics.Tensors;

namespace NeuralCore.Tensors;

/// <summary>
/// im2col and its adjoint col2im: lay out every filter-sized patch of one image as a column so
/// that a convolution becomes one matrix product. Row r = (c · KH + i) · KW + j of the column
/// matrix holds, for every output position (oy, ox), the input value under filter tap (c, i, j),
/// or zero where the tap falls into the padding.
/// </summary>
internal static class Im2Col
{
    /// <summary>Writes the Taps x (OH · OW) column matrix of one image (C · H · W elements) into
    /// <paramref name="columns"/>, whose rows are <paramref name="ldc"/> apart.</summary>
    public static void Pack<T>(in ConvGeometry g, ReadOnlySpan<T> image, Span<T> columns, int ldc) where T : unmanaged, INumber<T>
    {
        int ow = g.OW, outPlane = g.OutPlane;
        for (int c = 0; c < g.C; c++)
            for (int i = 0; i < g.KH; i++)
            {
                var (ylo, yhi) = g.ValidRows(i);
                for (int j = 0; j < g.KW; j++)
                {
                    var dst = columns.Slice(((c * g.KH + i) * g.KW + j) * ldc, outPlane);
                    var (xlo, xhi) = g.ValidColumns(j);
                    dst[..(ylo * ow)].Clear();
                    dst[(yhi * ow)..].Clear();
                    int ix0 = xlo * g.SW + j * g.DW - g.PW, count = xhi - xlo;
                    for (int oy = ylo; oy < yhi; oy++)
                    {
                        int iy = oy * g.SH + i * g.DH - g.PH;
                        var src = image.Slice((c * g.H + iy) * g.W);
                        var row = dst.Slice(oy * ow, ow);
                        row[..xlo].Clear();
                        row[xhi..].Clear();
                        if (g.SW == 1)
                            src.Slice(ix0, count).CopyTo(row.Slice(xlo, count));
                        else
                            for (int k = 0; k < count; k++)
                                row[xlo + k] = src[ix0 + k * g.SW];
                    }
                }
            }
    }

    /// <summary>Adds the column matrix back onto the image it came from (the adjoint of
    /// <see cref="Pack"/>): every entry is added to the input position it was read from; entries
    /// that came from the padding are dropped.</summary>
    public static void UnpackAdd<T>(in ConvGeometry g, ReadOnlySpan<T> columns, int ldc, Span<T> image) where T : unmanaged, INumber<T>
    {
        int ow = g.OW;
        for (int c = 0; c < g.C; c++)
            for (int i = 0; i < g.KH; i++)
            {
                var (ylo, yhi) = g.ValidRows(i);
                for (int j = 0; j < g.KW; j++)
                {
                    var src = columns.Slice(((c * g.KH + i) * g.KW + j) * ldc);
                    var (xlo, xhi) = g.ValidColumns(j);
                    int ix0 = xlo * g.SW + j * g.DW - g.PW, count = xhi - xlo;
                    for (int oy = ylo; oy < yhi; oy++)
                    {
                        int iy = oy * g.SH + i * g.DH - g.PH;
                        var dst = image.Slice((c * g.H + iy) * g.W);
                        var row = src.Slice(oy * ow + xlo, count);
                        if (g.SW == 1)
                        {
                            var d = dst.Slice(ix0, count);
                            TensorPrimitives.Add(d, row, d);
                        }
                        else
                            for (int k = 0; k < count; k++)
                                dst[ix0 + k * g.SW] += row[k];
                    }
                }
            }
    }
}
