require "net/http"

class AvatarsController < ApplicationController
  def import
    # ruleid: ssrf
    body = Net::HTTP.get(URI.parse(params[:avatar_url]))
    render plain: body.bytesize.to_s
  end

  def gravatar
    # ok: ssrf
    body = Net::HTTP.get(URI.parse("https://www.gravatar.com/avatar/#{Digest::MD5.hexdigest(params[:email].to_s)}"))
    render plain: body.bytesize.to_s
  end
end
