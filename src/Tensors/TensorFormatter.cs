using System.Globalization;
using System.Text;

namespace NeuralCore.Tensors;

/// <summary>NumPy-like text for tensors; long axes are abbreviated with "..." so previews stay short.</summary>
internal static class TensorFormatter
{
    /// <summary>Axes longer than this show only their first and last <see cref="EdgeItems"/> entries.</summary>
    private const int Threshold = 8;
    private const int EdgeItems = 3;

    public static string Format(Tensor t)
    {
        var sb = new StringBuilder();
        sb.Append("tensor(");
        if (t.Rank == 0) sb.Append(FormatValue(t, 0));
        else AppendAxis(sb, t, 0, 0, t.Shape.Strides(), indent: 7);
        sb.Append(", shape=").Append(t.Shape.ToString()).Append(", dtype=").Append(t.DType.Name()).Append(')');
        return sb.ToString();
    }

    private static void AppendAxis(StringBuilder sb, Tensor t, int axis, int offset, int[] strides, int indent)
    {
        int n = t.Shape[axis];
        sb.Append('[');
        bool abbreviate = n > Threshold;
        for (int i = 0; i < n; i++)
        {
            if (abbreviate && i == EdgeItems)
            {
                sb.Append(axis == t.Rank - 1 ? "..., " : "...,\n" + new string(' ', indent + axis + 1));
                i = n - EdgeItems;
            }
            int o = offset + i * strides[axis];
            if (axis == t.Rank - 1) sb.Append(FormatValue(t, o));
            else AppendAxis(sb, t, axis + 1, o, strides, indent);
            if (i < n - 1)
                sb.Append(axis == t.Rank - 1 ? ", " : ",\n" + new string(' ', indent + axis + 1));
        }
        sb.Append(']');
    }

    private static string FormatValue(Tensor t, int flat)
    {
        double v = t.GetDouble(flat);
        return t.DType == DType.Int32
            ? ((long)v).ToString(CultureInfo.InvariantCulture)
            : v.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
