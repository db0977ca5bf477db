using SkiaSharp;

namespace NeuralCore.Samples.Common;

/// <summary>
/// PNG grids of small grayscale pictures drawn with SkiaSharp: tiles scaled up with square pixels, optional
/// numeric captions drawn with a built-in 3×5 pixel font (no system fonts needed), and an optional row number at
/// the left of each row.
/// </summary>
public static class ImageGrid
{
    private const int Gap = 2;
    private const int FontScale = 2;

    /// <summary>Saves <paramref name="tiles"/> as a grid of <paramref name="columns"/> columns.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="tiles">The pictures.</param>
    /// <param name="columns">Tiles per row.</param>
    /// <param name="scale">Screen pixels per picture pixel.</param>
    /// <param name="normalizeEachTile">Stretch each tile's own min..max to black..white (filters, feature maps);
    /// false maps [0, 1] to black..white (input images).</param>
    public static void Save(string path, IReadOnlyList<GridTile> tiles, int columns = 10, int scale = 2, bool normalizeEachTile = false)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        var rows = new List<IReadOnlyList<GridTile>>();
        for (int i = 0; i < tiles.Count; i += columns)
        {
            var row = new List<GridTile>();
            for (int j = i; j < Math.Min(i + columns, tiles.Count); j++) row.Add(tiles[j]);
            rows.Add(row);
        }
        SaveRows(path, rows, scale, normalizeEachTile, numberRows: false);
    }

    /// <summary>Saves one row of pictures per entry of <paramref name="rows"/> (e.g. one row per layer); with
    /// <paramref name="numberRows"/> the row index (0, 1, ...) is written at the left.</summary>
    public static void SaveRows(string path, IReadOnlyList<IReadOnlyList<GridTile>> rows, int scale = 2, bool normalizeEachTile = true, bool numberRows = true)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        int left = numberRows ? 3 * 4 * FontScale + Gap : 0;
        bool anyCaption = false;
        int width = left, height = Gap;
        var rowHeights = new int[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            int rowWidth = left + Gap, rowHeight = 5 * FontScale;
            foreach (var t in rows[r])
            {
                rowWidth += Math.Max(t.Width * scale, 9 * FontScale) + Gap;
                rowHeight = Math.Max(rowHeight, t.Height * scale);
                anyCaption |= t.TrueLabel is not null || t.PredictedLabel is not null;
            }
            rowHeights[r] = rowHeight;
            width = Math.Max(width, rowWidth);
        }
        int captionHeight = anyCaption ? 5 * FontScale + 2 * Gap : 0;
        foreach (int h in rowHeights) height += h + captionHeight + Gap;
        width = Math.Max(width, 1);
        height = Math.Max(height, 1);

        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(40, 40, 40));
            using var paint = new SKPaint { IsAntialias = false };
            int y = Gap;
            for (int r = 0; r < rows.Count; r++)
            {
                if (numberRows) DrawNumber(canvas, paint, r, Gap, y, SKColors.White);
                int x = left + Gap;
                foreach (var t in rows[r])
                {
                    DrawTile(canvas, paint, t, x, y, scale, normalizeEachTile);
                    int cy = y + t.Height * scale + Gap;
                    int cx = x;
                    if (t.TrueLabel is int truth) cx = DrawNumber(canvas, paint, truth, cx, cy, new SKColor(90, 220, 90)) + FontScale * 2;
                    if (t.PredictedLabel is int predicted) DrawNumber(canvas, paint, predicted, cx, cy, new SKColor(240, 80, 80));
                    x += Math.Max(t.Width * scale, 9 * FontScale) + Gap;
                }
                y += rowHeights[r] + captionHeight + Gap;
            }
        }
        ImageFiles.WriteAtomically(path, temporary =>
        {
            using var image = SKImage.FromBitmap(bitmap);
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            using var stream = File.Create(temporary);
            data.SaveTo(stream);
        });
    }

    private static void DrawTile(SKCanvas canvas, SKPaint paint, GridTile tile, int x, int y, int scale, bool normalize)
    {
        if (tile.Pixels.Length < tile.Height * tile.Width)
            throw new ArgumentException($"ImageGrid: a {tile.Height}x{tile.Width} tile needs {tile.Height * tile.Width} pixels, got {tile.Pixels.Length}");
        float min = 0, max = 1;
        if (normalize)
        {
            min = float.PositiveInfinity; max = float.NegativeInfinity;
            foreach (float v in tile.Pixels.AsSpan(0, tile.Height * tile.Width)) { if (v < min) min = v; if (v > max) max = v; }
            if (!(max > min)) { max = min + 1; }
        }
        for (int i = 0; i < tile.Height; i++)
            for (int j = 0; j < tile.Width; j++)
            {
                float v = (tile.Pixels[i * tile.Width + j] - min) / (max - min);
                byte g = (byte)Math.Clamp((int)(v * 255 + 0.5f), 0, 255);
                paint.Color = new SKColor(g, g, g);
                canvas.DrawRect(x + j * scale, y + i * scale, scale, scale, paint);
            }
    }

    // 3x5 pixel digits, one row of three bits per line, most significant bit on the left.
    private static readonly int[][] s_digits =
    [
        [7, 5, 5, 5, 7], [2, 6, 2, 2, 7], [7, 1, 7, 4, 7], [7, 1, 7, 1, 7], [5, 5, 7, 1, 1],
        [7, 4, 7, 1, 7], [7, 4, 7, 5, 7], [7, 1, 1, 1, 1], [7, 5, 7, 5, 7], [7, 5, 7, 1, 7],
    ];

    // Draws a non-negative number; returns the x just after it.
    private static int DrawNumber(SKCanvas canvas, SKPaint paint, int number, int x, int y, SKColor color)
    {
        paint.Color = color;
        foreach (char c in Math.Abs(number).ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            var glyph = s_digits[c - '0'];
            for (int row = 0; row < 5; row++)
                for (int col = 0; col < 3; col++)
                    if ((glyph[row] & (4 >> col)) != 0)
                        canvas.DrawRect(x + col * FontScale, y + row * FontScale, FontScale, FontScale, paint);
            x += 4 * FontScale;
        }
        return x;
    }
}
