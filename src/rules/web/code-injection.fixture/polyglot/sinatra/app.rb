require "sinatra"

post "/calc" do
  # ruleid: code-injection
  eval(params[:expr]).to_s
end

post "/calc/safe" do
  # ok: code-injection
  Integer(params[:a]).+(Integer(params[:b])).to_s
end
