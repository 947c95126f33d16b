using Azure;

namespace Notifier.Azure.Storage.Core;

/// <summary>A <see cref="NullableResponse{T}"/> for "if exists" reads that found nothing.</summary>
internal sealed class NoValueResponse<T> : NullableResponse<T>
{
    private readonly Response _response;

    public NoValueResponse(Response response)
    {
        _response = response;
    }

    public override bool HasValue => false;

    public override T Value => throw new InvalidOperationException(
        $"The resource does not exist (status {_response.Status}); check {nameof(HasValue)} first.");

    public override Response GetRawResponse() => _response;
}
