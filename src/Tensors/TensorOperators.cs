namespace NeuralCore.Tensors;

// C# operators for eager tensor arithmetic; each allocates its result through Elementwise (with
// NumPy broadcasting between tensors). For in-place or allocation-free code call the
// destination-passing Elementwise overloads directly.
public sealed partial class Tensor<T>
{
    /// <summary>Elementwise sum with broadcasting.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> operator +(Tensor<T> a, Tensor<T> b) => Elementwise.Add(a, b);

    /// <summary>Elementwise difference with broadcasting.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> operator -(Tensor<T> a, Tensor<T> b) => Elementwise.Sub(a, b);

    /// <summary>Elementwise (Hadamard) product with broadcasting; use <see cref="Gemm.MatMul{T}"/> for the matrix product.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> operator *(Tensor<T> a, Tensor<T> b) => Elementwise.Mul(a, b);

    /// <summary>Elementwise quotient with broadcasting.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> operator /(Tensor<T> a, Tensor<T> b) => Elementwise.Div(a, b);

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor<T> operator +(Tensor<T> a, T b) => Elementwise.Add(a, b);

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor<T> operator +(T a, Tensor<T> b) => Elementwise.Add(b, a);

    /// <summary>Subtracts a scalar from every element.</summary>
    public static Tensor<T> operator -(Tensor<T> a, T b) => Elementwise.Sub(a, b);

    /// <summary>Subtracts every element from a scalar.</summary>
    public static Tensor<T> operator -(T a, Tensor<T> b) => Elementwise.Sub(a, b);

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor<T> operator *(Tensor<T> a, T b) => Elementwise.Mul(a, b);

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor<T> operator *(T a, Tensor<T> b) => Elementwise.Mul(b, a);

    /// <summary>Divides every element by a scalar.</summary>
    public static Tensor<T> operator /(Tensor<T> a, T b) => Elementwise.Div(a, b);

    /// <summary>Divides a scalar by every element.</summary>
    public static Tensor<T> operator /(T a, Tensor<T> b) => Elementwise.Div(a, b);

    /// <summary>Elementwise negation.</summary>
    public static Tensor<T> operator -(Tensor<T> a) => Elementwise.Neg(a);
}
