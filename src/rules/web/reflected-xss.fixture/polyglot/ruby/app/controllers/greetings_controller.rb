class GreetingsController < ApplicationController
  def show
    # ruleid: reflected-xss
    @greeting = "<h1>Hello #{params[:name]}</h1>".html_safe
  end

  def banner
    # ruleid: reflected-xss
    render html: "<marquee>#{params[:text]}</marquee>".html_safe
  end

  def plain
    # ok: reflected-xss
    @greeting = "<h1>Hello #{ERB::Util.html_escape(params[:name])}</h1>".html_safe
  end
end
