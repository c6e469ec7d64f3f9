using System.Buffers;

namespace ReflectiveAnalysis.Internals;

/// <summary>
/// A growable list over an <see cref="ArrayPool{T}"/> array. A mutable struct: pass it by <c>ref</c>, and
/// <see cref="Dispose"/> it to return the array.
/// </summary>
internal struct PooledList<T> : IDisposable
{
    private T[] _items;
    private int _count;

    public PooledList(int capacity)
    {
        _items = ArrayPool<T>.Shared.Rent(Math.Max(capacity, 4));
        _count = 0;
    }

    public readonly int Count => _count;

    public readonly Span<T> Span => _items.AsSpan(0, _count);

    public readonly ref T this[int index] => ref _items[index];

    public void Add(T item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }
        _items[_count++] = item;
    }

    public void Clear() => _count = 0;

    /// <summary>Keeps the first <paramref name="count"/> items.</summary>
    public void Truncate(int count)
    {
        if ((uint)count > (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
        _count = count;
    }

    private void Grow()
    {
        T[] bigger = ArrayPool<T>.Shared.Rent(_items.Length * 2);
        _items.AsSpan(0, _count).CopyTo(bigger);
        ArrayPool<T>.Shared.Return(_items, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        _items = bigger;
    }

    public void Dispose()
    {
        if (_items is not null)
        {
            ArrayPool<T>.Shared.Return(_items, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            _items = null!;
            _count = 0;
        }
    }
}
