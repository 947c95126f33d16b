using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Azure;

namespace Notifier.Azure.Storage.Tables;

/// <summary>
/// A table entity as a dictionary of custom properties plus the system properties
/// <see cref="PartitionKey"/>, <see cref="RowKey"/>, <see cref="Timestamp"/> and <see cref="ETag"/>.
/// </summary>
/// <remarks>
/// <para>Property values may be <see cref="string"/>, <see cref="bool"/>, <see cref="int"/> (Edm.Int32),
/// <see cref="long"/> (Edm.Int64), <see cref="double"/> (Edm.Double), <see cref="DateTimeOffset"/> or <see cref="DateTime"/>
/// (Edm.DateTime, stored as UTC), <see cref="Guid"/> (Edm.Guid), <c>byte[]</c> or <see cref="BinaryData"/> (Edm.Binary).
/// Other types are rejected when set. <see langword="null"/> values are allowed and are not sent (tables have no null).</para>
/// <para>The dictionary holds custom properties only; the system property names (<c>PartitionKey</c>, <c>RowKey</c>,
/// <c>Timestamp</c>, <c>odata.etag</c>) are rejected as keys so that each value has one home.</para>
/// </remarks>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "An entity, not a collection; the dictionary shape is a convenience.")]
public sealed class TableEntityRecord : IDictionary<string, object?>
{
    private readonly Dictionary<string, object?> _properties = new(StringComparer.Ordinal);
    private string _partitionKey = string.Empty;
    private string _rowKey = string.Empty;

    /// <summary>Creates an entity with empty keys.</summary>
    public TableEntityRecord()
    {
    }

    /// <summary>Creates an entity with the given keys.</summary>
    /// <param name="partitionKey">The partition key.</param>
    /// <param name="rowKey">The row key.</param>
    public TableEntityRecord(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    /// <summary>Gets or sets the partition key.</summary>
    public string PartitionKey
    {
        get => _partitionKey;
        set => _partitionKey = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Gets or sets the row key.</summary>
    public string RowKey
    {
        get => _rowKey;
        set => _rowKey = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Gets or sets the server-set last-modified time; ignored when writing.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>Gets or sets the entity's ETag as last read; writes take the ETag as an explicit argument.</summary>
    public ETag ETag { get; set; }

    /// <summary>Gets the number of custom properties.</summary>
    public int Count => _properties.Count;

    /// <summary>Gets the custom property names.</summary>
    public ICollection<string> Keys => _properties.Keys;

    /// <summary>Gets the custom property values.</summary>
    public ICollection<object?> Values => _properties.Values;

    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => false;

    /// <summary>Gets or sets a custom property; getting a missing property throws <see cref="KeyNotFoundException"/>.</summary>
    /// <param name="key">The property name.</param>
    public object? this[string key]
    {
        get => _properties[key];
        set => _properties[ValidateName(key)] = Normalize(key, value);
    }

    /// <summary>Adds a custom property.</summary>
    /// <param name="key">The property name.</param>
    /// <param name="value">A value of a supported type, or <see langword="null"/>.</param>
    public void Add(string key, object? value) => _properties.Add(ValidateName(key), Normalize(key, value));

    /// <summary>Returns whether a custom property exists.</summary>
    /// <param name="key">The property name.</param>
    /// <returns><see langword="true"/> if present.</returns>
    public bool ContainsKey(string key) => _properties.ContainsKey(key);

    /// <summary>Removes a custom property.</summary>
    /// <param name="key">The property name.</param>
    /// <returns><see langword="true"/> if it was present.</returns>
    public bool Remove(string key) => _properties.Remove(key);

    /// <summary>Gets a custom property if present.</summary>
    /// <param name="key">The property name.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> if present.</returns>
    public bool TryGetValue(string key, out object? value) => _properties.TryGetValue(key, out value);

    /// <summary>Removes all custom properties.</summary>
    public void Clear() => _properties.Clear();

    /// <summary>Gets a string property.</summary>
    /// <param name="key">The property name.</param>
    /// <returns>The value, or <see langword="null"/> when the property is absent.</returns>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public string? GetString(string key) => Find(key) switch
    {
        null => null,
        string s => s,
        var other => throw TypeMismatch(key, other, typeof(string)),
    };

    /// <summary>Gets a Boolean property.</summary>
    /// <inheritdoc cref="GetString(string)"/>
    public bool? GetBoolean(string key) => Find(key) switch
    {
        null => null,
        bool b => b,
        var other => throw TypeMismatch(key, other, typeof(bool)),
    };

    /// <summary>Gets an Edm.Int32 property (an Edm.Int64 value in range is narrowed).</summary>
    /// <inheritdoc cref="GetString(string)"/>
    public int? GetInt32(string key) => Find(key) switch
    {
        null => null,
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        var other => throw TypeMismatch(key, other, typeof(int)),
    };

    /// <summary>Gets an Edm.Int64 property (an Edm.Int32 value is widened).</summary>
    /// <inheritdoc cref="GetString(string)"/>
    public long? GetInt64(string key) => Find(key) switch
    {
        null => null,
        long l => l,
        int i => i,
        var other => throw TypeMismatch(key, other, typeof(long)),
    };

    /// <summary>Gets an Edm.Double property (integer values are converted).</summary>
    /// <inheritdoc cref="GetString(string)"/>
    public double? GetDouble(string key) => Find(key) switch
    {
        null => null,
        double d => d,
        int i => i,
        long l => l,
        var other => throw TypeMismatch(key, other, typeof(double)),
    };

    /// <summary>Gets an Edm.DateTime property.</summary>
    /// <inheritdoc cref="GetString(string)"/>
    public DateTimeOffset? GetDateTimeOffset(string key) => Find(key) switch
    {
        null => null,
        DateTimeOffset d => d,
        var other => throw TypeMismatch(key, other, typeof(DateTimeOffset)),
    };

    /// <summary>Gets an Edm.Guid property.</summary>
    /// <inheritdoc cref="GetString(string)"/>
    public Guid? GetGuid(string key) => Find(key) switch
    {
        null => null,
        Guid g => g,
        var other => throw TypeMismatch(key, other, typeof(Guid)),
    };

    /// <summary>Gets an Edm.Binary property as a new byte array.</summary>
    /// <inheritdoc cref="GetString(string)"/>
    public byte[]? GetBinary(string key) => GetBinaryData(key)?.ToArray();

    /// <summary>Gets an Edm.Binary property.</summary>
    /// <inheritdoc cref="GetString(string)"/>
    public BinaryData? GetBinaryData(string key) => Find(key) switch
    {
        null => null,
        BinaryData b => b,
        var other => throw TypeMismatch(key, other, typeof(BinaryData)),
    };

    /// <summary>Returns an enumerator over the custom properties.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, object?>>.Contains(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).Contains(item);

    void ICollection<KeyValuePair<string, object?>>.CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).Remove(item);

    /// <summary>Adds a value read from the service without re-validating it.</summary>
    internal void SetFromService(string key, object? value) => _properties[key] = value;

    internal static bool IsSystemProperty(string name) =>
        name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag";

    private object? Find(string key) => _properties.TryGetValue(key, out var value) ? value : null;

    private static InvalidOperationException TypeMismatch(string key, object value, Type requested) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Property '{key}' holds a {value.GetType().Name}, not a {requested.Name}."));

    private static string ValidateName(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (IsSystemProperty(key))
        {
            throw new ArgumentException(
                $"'{key}' is a system property; use the {nameof(TableEntityRecord)} property of that name instead.", nameof(key));
        }

        return key;
    }

    private static object? Normalize(string key, object? value) => value switch
    {
        null or string or bool or int or long or double or Guid or DateTimeOffset or BinaryData => value,
        DateTime dateTime => dateTime.Kind == DateTimeKind.Unspecified
            ? throw new ArgumentException($"Property '{key}': a DateTime with Kind Unspecified is ambiguous; use UTC or a DateTimeOffset.", nameof(value))
            : new DateTimeOffset(dateTime.ToUniversalTime(), TimeSpan.Zero),
        byte[] bytes => new BinaryData(bytes.AsMemory().ToArray()),
        _ => throw new ArgumentException(
            $"Property '{key}' has unsupported type {value.GetType().Name}; use string, bool, int, long, double, DateTimeOffset, DateTime, Guid, byte[] or BinaryData.",
            nameof(value)),
    };
}
